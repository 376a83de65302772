// A minimal HotSpot disassembler plugin (the protocol of -XX:+PrintAssembly) over LLVM's C disassembler API,
// for reading what C2 makes of the kernels: diagnostics only, never part of a build or a release. HotSpot looks
// for hsdis-amd64.so in the JDK's lib directories and then on LD_LIBRARY_PATH. AT&T syntax; options are ignored.
#include <stdint.h>
#include <stdio.h>
#include <llvm-c/Disassembler.h>
#include <llvm-c/Target.h>

typedef void* (*EventCallback)(void*, const char*, void*);
typedef int (*PrintfCallback)(void*, const char*, ...);

extern "C" __attribute__((visibility("default")))
void* decode_instructions_virtual(uintptr_t start_va, uintptr_t end_va, unsigned char* buffer, uintptr_t length,
                                  EventCallback event, void* event_stream, PrintfCallback print,
                                  void* print_stream, const char* options, int newline) {
    static LLVMDisasmContextRef context = nullptr;
    if (context == nullptr) {
        LLVMInitializeAllTargetInfos();
        LLVMInitializeAllTargetMCs();
        LLVMInitializeAllDisassemblers();
        // A CPU with AVX-512 so that EVEX instructions decode; the host's own model does not matter here.
        context = LLVMCreateDisasmCPU("x86_64-pc-linux-gnu", "znver4", nullptr, 0, nullptr, nullptr);
        if (context == nullptr) {
            return (void*) start_va;
        }
        LLVMSetDisasmOptions(context, LLVMDisassembler_Option_PrintImmHex);
    }
    uintptr_t pc = start_va;
    while (pc < end_va) {
        if (event != nullptr) {
            event(event_stream, "insn", (void*) pc);
        }
        char text[256];
        size_t size = LLVMDisasmInstruction(context, buffer + (pc - start_va), end_va - pc, pc, text, sizeof text);
        if (size == 0) {
            print(print_stream, "\t(undecoded byte)");
            size = 1;
        } else {
            print(print_stream, "%s", text);
        }
        pc += size;
        if (event != nullptr) {
            event(event_stream, "/insn", (void*) pc);
        }
        if (newline) {
            print(print_stream, "\n");
        }
    }
    return (void*) pc;
}
