package org.softmaxsimd.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.softmaxsimd.train.Dataset;
import org.softmaxsimd.train.Lbfgs;
import org.softmaxsimd.train.ProgressListener;
import org.softmaxsimd.train.SoftmaxObjective;
import org.softmaxsimd.train.SoftmaxRegression;

/** The LIBSVM and CSV readers against small hand-written files with every edge, and a round trip of mnist-10k. */
class TextFormatsTest {

    @TempDir
    Path dir;

    private Path file(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }

    private void rejected(String needle, org.junit.jupiter.api.function.Executable read) {
        IOException e = assertThrows(IOException.class, read);
        assertTrue(e.getMessage().contains(needle), "'" + e.getMessage() + "' should say '" + needle + "'");
    }

    @Test
    void libsvmWithEveryAcceptedEdge() throws IOException {
        Path f = file("a.libsvm", "# a comment line\n"
                + "1 1:0.5 3:2 # trailing comment\r\n"
                + "\n"
                + "   \t\n"
                + "-1 qid:7 2:-1e-3\n"
                + "1 4:1.5e2");   // no final newline
        LabelledData read = LibsvmFile.read(f);
        Dataset d = read.data();
        assertEquals(3, d.rows());
        assertEquals(4, d.features(), "d = the largest index");
        assertEquals(List.of("-1", "1"), read.classNames(), "integer labels in numeric order");
        assertArrayEquals(new int[] {1, 0, 1}, d.labels());
        assertArrayEquals(new float[] {0.5f, 0, 2, 0, 0, -1e-3f, 0, 0, 0, 0, 0, 150f}, d.x());
    }

    @Test
    void libsvmRejectsEachBadInputWithItsLineAndColumn() throws IOException {
        rejected("z.libsvm:2:3: index 0 (indices are 1-based)", () -> LibsvmFile.read(file("z.libsvm",
                "1 1:1\n0 0:1\n")));
        rejected(":1:7: index 2 after 3 (indices must be strictly increasing)",
                () -> LibsvmFile.read(file("u.libsvm", "1 3:1 2:1\n")));
        rejected(":1:7: index 3 after 3", () -> LibsvmFile.read(file("dup.libsvm", "1 3:1 3:1\n")));
        rejected(":1:3: index 99999999999 is above the 2147483639 features",
                () -> LibsvmFile.read(file("h.libsvm", "1 99999999999:1\n")));
        rejected(":1:5: 'NaN' is not finite", () -> LibsvmFile.read(file("n.libsvm", "1 2:NaN\n")));
        rejected(":1:5: '1e39' is outside the float range", () -> LibsvmFile.read(file("o.libsvm", "1 2:1e39\n")));
        rejected(":1:3: 'x' is not index:value", () -> LibsvmFile.read(file("t.libsvm", "1 x\n")));
        rejected(":1:5: 'abc' is not a number", () -> LibsvmFile.read(file("v.libsvm", "1 2:abc\n")));
        rejected(":1:7: qid must come before the features", () -> LibsvmFile.read(file("q.libsvm", "1 2:1 qid:3\n")));
        rejected("no examples", () -> LibsvmFile.read(file("e.libsvm", "# nothing\n\n")));
        rejected(":2:1: label 'cat' is not one of the training classes",
                () -> LibsvmFile.read(file("k.libsvm", "dog 1:1\ncat 1:1\n"), 3, List.of("dog", "bird")));
        rejected(":1:5: index 4 is above the 3 features",
                () -> LibsvmFile.read(file("f.libsvm", "dog 4:1\n"), 3, List.of("dog")));
    }

    @Test
    void libsvmReadSparseKeepsTheNonZerosWithoutADenseMatrix() throws IOException {
        Path f = file("s.libsvm", "1 1:0.5 3:2 # c\r\n\n-1 qid:7 2:-1e-3 5:0\n1 4:1.5e2");
        SparseLabelledData sparse = LibsvmFile.readSparse(f);
        LabelledData dense = LibsvmFile.read(f);
        assertEquals(dense.classNames(), sparse.classNames());
        assertEquals(5, sparse.data().features());
        assertArrayEquals(new int[] {0, 2, 4, 5}, sparse.data().rowStart());
        assertArrayEquals(new int[] {0, 2, 1, 4, 3}, sparse.data().index(), "0-based, the explicit zero kept");
        assertArrayEquals(new float[] {0.5f, 2f, -1e-3f, 0f, 150f}, sparse.data().value());
        assertArrayEquals(dense.data().x(), sparse.data().toDense().x());
        assertArrayEquals(dense.data().labels(), sparse.data().labels());
        // Two billion features: no dense array could hold one row per class, the CSR form holds three values.
        Path wide = file("wide.libsvm", "a 7:1 2000000000:2\nb 1999999999:-1\n");
        rejected("do not fit one dense array", () -> LibsvmFile.read(wide));
        SparseLabelledData w = LibsvmFile.readSparse(wide);
        assertEquals(2_000_000_000, w.data().features());
        assertArrayEquals(new int[] {6, 1_999_999_999, 1_999_999_998}, w.data().index());
        assertEquals(List.of("a", "b"), w.classNames());
        // The same errors, with their line and column.
        rejected("z.libsvm:2:3: index 0 (indices are 1-based)", () -> LibsvmFile.readSparse(file("z.libsvm",
                "1 1:1\n0 0:1\n")));
        rejected(":1:5: index 4 is above the 3 features",
                () -> LibsvmFile.readSparse(file("f.libsvm", "dog 4:1\n"), 3, List.of("dog")));
        SparseLabelledData test = LibsvmFile.readSparse(file("t.libsvm", "dog 2:3\n"), 3, List.of("cat", "dog"));
        assertArrayEquals(new int[] {1}, test.data().labels());
        assertEquals(3, test.data().features());
    }

    @Test
    void stringLabelsAndGzip() throws IOException {
        byte[] raw = "cat 1:1\ndog 2:1\nbird 1:2\n".getBytes(StandardCharsets.UTF_8);
        Path gz = Files.write(dir.resolve("animals.txt"), ParserFuzzTest.gzip(raw));
        LabelledData read = LibsvmFile.read(gz);
        assertEquals(List.of("bird", "cat", "dog"), read.classNames(), "names in lexicographic order");
        assertArrayEquals(new int[] {1, 2, 0}, read.data().labels());
        LabelledData test = LibsvmFile.read(file("test.txt", "dog 2:3\n"), 2, read.classNames());
        assertArrayEquals(new int[] {2}, test.data().labels(), "the training classes' indices");
    }

    @Test
    void csvWithHeaderNamedLabelQuotesAndCrlf() throws IOException {
        Path f = file("a.csv", "x1,species,x2\r\n1.5,\"setosa\",2\r\n\r\n-3,\"vir,ginica\",4e1\r\n0,setosa,0");
        LabelledData read = CsvFile.read(f, CsvFile.Options.defaults().withLabelColumn("species"));
        assertEquals(2, read.data().features());
        assertEquals(List.of("setosa", "vir,ginica"), read.classNames());
        assertArrayEquals(new int[] {0, 1, 0}, read.data().labels());
        assertArrayEquals(new float[] {1.5f, 2, -3, 40, 0, 0}, read.data().x());
    }

    @Test
    void csvWithoutHeaderLabelByIndexAndOtherDelimiter() throws IOException {
        Path f = file("b.csv", "0.5;2;1\n1;7;0\n");
        LabelledData read = CsvFile.read(f, CsvFile.Options.defaults().withLabelColumn("2").withDelimiter(';'));
        assertArrayEquals(new float[] {0.5f, 2, 1, 7}, read.data().x());
        assertEquals(List.of("0", "1"), read.classNames());
        assertArrayEquals(new int[] {1, 0}, read.data().labels());
        LabelledData forced = CsvFile.read(file("c.csv", "1,2\n3,4\n"), CsvFile.Options.defaults()
                .withHeader(CsvFile.Header.PRESENT));
        assertEquals(1, forced.data().rows(), "the first line taken as a header");
    }

    @Test
    void csvRejectsEachBadInputWithItsLineAndColumn() throws IOException {
        rejected("r.csv:3:1: 2 fields where the first line has 3", () -> CsvFile.read(file("r.csv",
                "a,b,c\n1,2,3\n4,5\n"),
                CsvFile.Options.defaults()));
        rejected("n.csv:1:3: 'NaN' is not finite", () -> CsvFile.read(file("n.csv", "1,NaN\n"),
                CsvFile.Options.defaults()));
        rejected("w.csv:2:3: 'x' is not a number", () -> CsvFile.read(file("w.csv", "1,2\n1,x\n"),
                CsvFile.Options.defaults().withHeader(CsvFile.Header.ABSENT)));
        rejected("no column named 'label'", () -> CsvFile.read(file("l.csv", "a,b\n1,2\n"),
                CsvFile.Options.defaults().withLabelColumn("label")));
        rejected("label column 5 but the line has 2 fields", () -> CsvFile.read(file("i.csv", "1,2\n"),
                CsvFile.Options.defaults().withLabelColumn("5")));
        rejected(":1:3: unclosed quote", () -> CsvFile.read(file("q.csv", "1,\"2\n"), CsvFile.Options.defaults()));
        rejected("one field", () -> CsvFile.read(file("o.csv", "1\n2\n"), CsvFile.Options.defaults()));
        rejected("no examples", () -> CsvFile.read(file("e.csv", "a,b\n"), CsvFile.Options.defaults()));
    }

    @Test
    void csvQuotesHeadersLabelColumnsAndGrowth() throws IOException {
        CsvFile.Options byIndex = CsvFile.Options.defaults().withLabelColumn("2");
        LabelledData quoted = CsvFile.read(file("q.csv", "1,2,\"a\"\"b\"\n3,4,\"c\"\n"), byIndex);
        assertEquals(List.of("a\"b", "c"), quoted.classNames(), "a doubled quote is one quote");
        assertArrayEquals(new float[] {1, 2, 3, 4}, quoted.data().x(), "no header: the first line is numeric");
        rejected("r.csv:1:6: text after a closing quote", () -> CsvFile.read(file("r.csv", "1,\"a\"x,2\n"),
                CsvFile.Options.defaults().withLabelColumn("1")));
        rejected("u.csv:1:3: unclosed quote", () -> CsvFile.read(file("u.csv", "1,\"ab,2\n"), byIndex));
        rejected("label column 3 but the line has 3 fields", () -> CsvFile.read(file("c.csv", "1,2,3\n"),
                CsvFile.Options.defaults().withLabelColumn("3")));
        rejected("2 fields where the first line has 3", () -> CsvFile.read(file("m.csv", "1,2,3\n4,5\n"), byIndex));
        rejected("one field", () -> CsvFile.read(file("o.csv", "1\n2\n"), CsvFile.Options.defaults()));
        // PRESENT skips a numeric first line; ABSENT reads a named first line as data, and fails on its text.
        LabelledData present = CsvFile.read(file("p.csv", "9,9,9\n1,2,x\n3,4,y\n"),
                byIndex.withHeader(CsvFile.Header.PRESENT));
        assertEquals(2, present.data().rows());
        rejected("a.csv:1:1: 'f1' is not a number", () -> CsvFile.read(file("a.csv", "f1,f2,label\n1,2,x\n"),
                byIndex.withHeader(CsvFile.Header.ABSENT)));
        LabelledData auto = CsvFile.read(file("h.csv", "f1,f2,label\n1,2,x\n"), byIndex);
        assertEquals(1, auto.data().rows(), "AUTO: a non-numeric feature field makes a header");
        // Thousands of rows grow the packed arrays past their first size.
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 5000; i++) {
            many.append(i).append(';').append(i % 3).append(';').append(-i).append('\n');
        }
        LabelledData grown = CsvFile.read(file("g.csv", many.toString()),
                CsvFile.Options.defaults().withLabelColumn("1").withDelimiter(';'));
        assertEquals(5000, grown.data().rows());
        assertEquals(4999f, grown.data().x()[2 * 4999]);
        assertEquals(-4999f, grown.data().x()[2 * 4999 + 1]);
        assertEquals(4999 % 3, Integer.parseInt(grown.classNames().get(grown.data().labels()[4999])));
    }

    /** mnist-10k written as LIBSVM (zeros left out) reads back bit for bit, so it trains to the same J*. */
    @Test
    void mnistAsLibsvmTrainsToTheSameOptimum() throws IOException {
        Dataset train = MnistDirectory.load(Path.of("..", "data", "mnist-10k")).train();
        Path f = dir.resolve("mnist-train.libsvm");
        try (var out = Files.newBufferedWriter(f, StandardCharsets.UTF_8)) {
            int d = train.features();
            for (int i = 0; i < train.rows(); i++) {
                StringBuilder line = new StringBuilder().append(train.labels()[i]);
                for (int j = 0; j < d; j++) {
                    float v = train.x()[i * d + j];
                    if (v != 0f) {
                        line.append(' ').append(j + 1).append(':').append(v);
                    }
                }
                out.write(line.append('\n').toString());
            }
        }
        LabelledData read = LibsvmFile.read(f, 784, List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"));
        assertArrayEquals(train.x(), read.data().x(), "the same pixels");
        assertArrayEquals(train.labels(), read.data().labels(), "the same labels");
        SoftmaxRegression model = new SoftmaxRegression(10, 784, SoftmaxRegression.Options.defaults());
        try (SoftmaxObjective objective = new SoftmaxObjective(model, read.data(), 1e-3, 2)) {
            double[] theta = objective.parametersOf(model);
            Lbfgs.Result result = new Lbfgs(Lbfgs.Options.defaults()).minimize(objective, theta, read.data().rows(),
                    ProgressListener.NONE);
            double scipy = 0.2756414521265074;
            assertTrue(Math.abs(result.value() - scipy) / scipy <= 1e-6, "J = " + result.value());
        }
    }
}
