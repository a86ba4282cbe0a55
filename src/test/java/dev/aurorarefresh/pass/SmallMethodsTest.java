package dev.aurorarefresh.pass;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.util.JavacTask;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.TreeScanner;
import com.sun.source.util.Trees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * The pass and the core stay readable: no method (lambdas and nested classes' methods included,
 * each counted on its own) over 50 lines, measured on the sources with javac's parser.
 */
class SmallMethodsTest {
    private static final int MAX_LINES = 50;
    private static final List<Path> PACKAGES = List.of(Path.of("src/main/java/dev/aurorarefresh/pass"),
            Path.of("src/main/java/dev/aurorarefresh/core"));

    record Length(String where, long lines) {
    }

    static List<Length> methodLengths() throws IOException {
        List<Path> sources = new ArrayList<>();
        for (Path dir : PACKAGES) {
            try (Stream<Path> files = Files.list(dir)) {
                files.filter(f -> f.toString().endsWith(".java")).forEach(sources::add);
            }
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        List<Length> lengths = new ArrayList<>();
        try (StandardJavaFileManager files = javac.getStandardFileManager(null, null, null)) {
            Iterable<? extends JavaFileObject> units = files.getJavaFileObjectsFromPaths(sources);
            JavacTask task = (JavacTask) javac.getTask(null, files, null, List.of("-proc:none"), null, units);
            SourcePositions positions = Trees.instance(task).getSourcePositions();
            for (CompilationUnitTree unit : task.parse()) {
                new TreeScanner<Void, Void>() {
                    @Override
                    public Void visitMethod(MethodTree m, Void unused) {
                        if (m.getBody() != null) {
                            long first = unit.getLineMap().getLineNumber(positions.getStartPosition(unit, m));
                            long last = unit.getLineMap().getLineNumber(positions.getEndPosition(unit, m));
                            lengths.add(new Length(Path.of(unit.getSourceFile().toUri()).getFileName() + ":" + first + " "
                                    + m.getName(), last - first + 1));
                        }
                        return super.visitMethod(m, unused);
                    }
                }.scan(unit, null);
            }
        }
        return lengths;
    }

    @Test
    void noMethodInPassOrCoreIsOver50Lines() throws IOException {
        List<Length> lengths = methodLengths();
        assertThat(lengths).as("the scan sees the methods").hasSizeGreaterThan(100)
                .anyMatch(l -> l.where().startsWith("StepRun.java") && l.lines() > 20);
        assertThat(lengths.stream().filter(l -> l.lines() > MAX_LINES).toList()).isEmpty();
    }
}
