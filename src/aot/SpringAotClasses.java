import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Spring's ahead-of-time processing of Berth's application context at build time (pom.xml runs it in
 * {@code prepare-package}, so the jar and the image carry its output): the bean definitions as Java
 * code, compiled for Java 17 into the classes directory, with the generated resources beside them
 * (dev.berth.aot records each condition it decided there). It runs on the JDK the image is linked
 * from, so conditions on the Java version are decided as the image runs; a start with
 * {@code -Dspring.aot.enabled=true} uses the output (bench/RESULTS.md, "Spring AOT").
 *
 * <p>Arguments: the classes directory, a work directory, the main class, the group and artifact ids,
 * then Maven's runtime classpath. Output newer than the classes and settings it was made from is kept.
 */
public class SpringAotClasses {

    private static final String PROCESSOR = "org.springframework.boot.SpringApplicationAotProcessor";

    public static void main(String[] args) throws Exception {
        if (args.length != 6) {
            throw new IllegalArgumentException("usage: SpringAotClasses CLASSES WORK MAIN-CLASS GROUP ARTIFACT CLASSPATH");
        }
        Path classes = Path.of(args[0]);
        Path work = Path.of(args[1]);
        String mainClass = args[2];
        String classpath = args[5];
        Path stamp = work.resolve("inputs.txt");
        String inputs = classpath + "\n" + System.getProperty("java.home") + "\n" + newestInput(classes) + "\n";
        if (Files.isRegularFile(stamp) && Files.readString(stamp).equals(inputs)) {
            System.out.println("[spring-aot] " + classes + " is up to date");
            return;
        }
        deleteTree(work);
        Path sources = work.resolve("sources");
        Path resources = work.resolve("resources");
        Path generatedClasses = work.resolve("classes");
        Path data = Files.createDirectories(work.resolve("run"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // The processing starts the application's context without running it: no server, no database.
        Process processing = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", classpath,
                PROCESSOR, mainClass, sources.toString(), resources.toString(), generatedClasses.toString(), args[3], args[4])
                .directory(data.toFile()).inheritIO().start();
        if (processing.waitFor() != 0) {
            throw new IllegalStateException("Spring's AOT processing failed with " + processing.exitValue());
        }
        // The generated code refers to the generated proxy classes: they go in first.
        copyTree(generatedClasses, classes);
        copyTree(resources, classes);
        compile(sources, classes, classpath);
        Files.writeString(stamp, inputs);
        System.out.println("[spring-aot] bean definitions generated into " + classes);
    }

    private static void compile(Path sources, Path classes, String classpath) throws IOException {
        List<String> files;
        try (Stream<Path> walk = Files.walk(sources)) {
            files = walk.filter(file -> file.toString().endsWith(".java")).map(Path::toString).sorted().toList();
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new IllegalStateException(System.getProperty("java.home") + " is a runtime without javac");
        }
        List<String> options = new ArrayList<>(List.of("--release", "17", "-proc:none", "-nowarn", "-encoding", "UTF-8",
                "-d", classes.toString(), "-cp", classpath));
        options.addAll(files);
        if (javac.run(null, null, null, options.toArray(String[]::new)) != 0) {
            throw new IllegalStateException("the generated bean definitions did not compile");
        }
    }

    /**
     * The latest change among the classes and settings the processing reads; the files it wrote itself
     * (Spring names them {@code __} or {@code $$SpringCGLIB$$}, and its resources) do not count.
     */
    static long newestInput(Path classes) throws IOException {
        try (Stream<Path> files = Files.walk(classes)) {
            return files.filter(Files::isRegularFile)
                    .filter(file -> !file.toString().contains("__") && !file.toString().contains("$$SpringCGLIB$$"))
                    .filter(file -> file.toString().endsWith(".class") || file.toString().endsWith(".yml")
                            || file.toString().endsWith(".factories"))
                    .mapToLong(file -> file.toFile().lastModified()).max().orElse(0);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        if (!Files.isDirectory(from)) {
            return;
        }
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Path target = to.resolve(from.relativize(file).toString().replace(File.separatorChar, '/'));
                Files.createDirectories(target.getParent());
                Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> {
                try {
                    Files.delete(file);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
