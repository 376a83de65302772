package org.softmaxsimd.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code ```java} block of the README compiles against the current API: each block's imports stay
 * imports, the rest becomes the body of a method, and the unit is compiled with this module's test class path,
 * which holds core, this module and Spark, so the core and the Spark examples are both checked. A README
 * example that drifts from the API fails the build.
 */
class ReadmeExamplesTest {

    private static final Pattern JAVA_BLOCK = Pattern.compile("```java(?: spark)?\\n(.*?)```", Pattern.DOTALL);

    static List<String> javaBlocks(String markdown) {
        List<String> blocks = new ArrayList<>();
        Matcher m = JAVA_BLOCK.matcher(markdown);
        while (m.find()) {
            blocks.add(m.group(1));
        }
        return blocks;
    }

    static String compilationUnit(String className, String block) {
        StringBuilder imports = new StringBuilder();
        StringBuilder body = new StringBuilder();
        for (String line : block.split("\n", -1)) {
            (line.startsWith("import ") ? imports : body).append(line).append('\n');
        }
        return imports + "class " + className + " {\n    static void example() throws Exception {\n" + body
                + "    }\n}\n";
    }

    /** Compiles the units; returns the compiler's diagnostics, empty when all compiled. */
    static String compile(List<JavaFileObject> units, Path out) {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        StringWriter diagnostics = new StringWriter();
        List<String> options = List.of("-proc:none", "-d", out.toString(), "-classpath",
                System.getProperty("java.class.path"));
        boolean ok = compiler.getTask(diagnostics, null, null, options, null, units).call();
        return ok ? "" : diagnostics.toString();
    }

    static JavaFileObject source(String className, String code) {
        return new SimpleJavaFileObject(URI.create("string:///" + className + ".java"), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return code;
            }
        };
    }

    @Test
    void everyJavaBlockOfTheReadmeCompiles(@TempDir Path out) throws IOException {
        Path readme = Path.of("").toAbsolutePath().getParent().resolve("README.md");
        assertTrue(Files.isRegularFile(readme), "README.md not found at " + readme);
        List<String> blocks = javaBlocks(Files.readString(readme, StandardCharsets.UTF_8));
        assertTrue(blocks.size() >= 3, "the README's usage examples: found " + blocks.size() + " java blocks");
        List<JavaFileObject> units = new ArrayList<>();
        for (int i = 0; i < blocks.size(); i++) {
            units.add(source("ReadmeExample" + i, compilationUnit("ReadmeExample" + i, blocks.get(i))));
        }
        assertEquals("", compile(units, out), "README java blocks must compile");
    }

    @Test
    void aBlockThatDriftedFromTheApiIsCaught(@TempDir Path out) {
        // The 0.x argument order of logitsBatch no longer exists: this check must report it.
        String block = "import org.softmaxsimd.*;\nLinear.logitsBatch(new float[4], 0, 1, 4, new float[8], 0, 2, null, 0,"
                + " new float[2], 0);\n";
        String diagnostics = compile(List.of(source("Drifted", compilationUnit("Drifted", block))), out);
        assertFalse(diagnostics.isEmpty(), "an outdated example must not compile");
        assertTrue(diagnostics.contains("logitsBatch"), diagnostics);
    }
}
