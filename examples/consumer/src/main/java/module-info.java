/** An outside consumer of softmax-simd on the module path: it reads only the exported API. */
module org.softmaxsimd.example {
    requires org.softmaxsimd;

    exports org.softmaxsimd.example;
}
