package dev.aurorarefresh.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The class path the native-image builder gets from target/native-sources (the runner jar, and the
 * jars its manifest lists), beside the JDK the builder runs on, read from its module image. What the
 * native build configuration names is looked up here, the way the builder would look it up.
 */
final class NativeClasspath implements AutoCloseable {
    /** Multi-release entries (META-INF/versions/N/a/B.class) are the class a.B too. */
    private static final Pattern VERSIONED = Pattern.compile("META-INF/versions/\\d+/(.*)");

    final Path runner;
    final List<Path> jars = new ArrayList<>();
    private final Map<String, Path> classes = new HashMap<>();
    private final Map<String, Path> packages = new HashMap<>();
    private final Map<String, Path> resources = new LinkedHashMap<>();
    private final Path jdkHome;
    private final FileSystem jdk;
    private URLClassLoader loader;

    /**
     * @param nativeSources target/native-sources
     * @param jdkHome the JDK the builder runs on (Mandrel for JDK 25; here the Temurin 25 JDK when there is one)
     */
    NativeClasspath(Path nativeSources, Path jdkHome) throws IOException {
        try (Stream<Path> files = Files.list(nativeSources)) {
            runner = files.filter(f -> f.getFileName().toString().endsWith("-runner.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no *-runner.jar in " + nativeSources));
        }
        jars.add(runner);
        try (JarFile jar = new JarFile(runner.toFile())) {
            String classPath = jar.getManifest().getMainAttributes().getValue("Class-Path");
            for (String entry : classPath.trim().split("\\s+")) {
                jars.add(nativeSources.resolve(entry));
            }
        }
        for (Path jar : jars) {
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                zip.stream().filter(e -> !e.isDirectory()).forEach(e -> record(e.getName(), jar));
            }
        }
        this.jdkHome = jdkHome;
        this.jdk = FileSystems.newFileSystem(URI.create("jrt:/"), Map.of("java.home", jdkHome.toString()));
    }

    private void record(String entry, Path jar) {
        Matcher versioned = VERSIONED.matcher(entry);
        String name = versioned.matches() ? versioned.group(1) : entry;
        if (name.endsWith(".class") && !name.endsWith("module-info.class")) {
            String className = name.substring(0, name.length() - ".class".length()).replace('/', '.');
            classes.putIfAbsent(className, jar);
            int dot = className.lastIndexOf('.');
            if (dot > 0) {
                packages.putIfAbsent(className.substring(0, dot), jar);
            }
        } else {
            resources.putIfAbsent(name, jar);
        }
    }

    String jdkVersion() {
        try {
            return Files.readAllLines(jdkHome.resolve("release")).stream().filter(l -> l.startsWith("JAVA_VERSION="))
                    .findFirst().orElse("JAVA_VERSION=?").substring("JAVA_VERSION=".length()).replace("\"", "");
        } catch (IOException e) {
            return "?";
        }
    }

    /** A class name as Class.getName() spells it (a.B$C); arrays and primitives are there when their element is. */
    boolean hasClass(String name) {
        String element = name.replaceAll("\\[\\]$", "");
        if (element.length() != name.length()) {
            return hasClass(element);
        }
        if (name.startsWith("[")) {
            String descriptor = name.replaceFirst("^\\[+", "");
            return !descriptor.startsWith("L") || hasClass(descriptor.substring(1, descriptor.length() - 1));
        }
        return PRIMITIVES.contains(name) || classes.containsKey(name) || jdkClass(name).isPresent();
    }

    private static final List<String> PRIMITIVES = List.of("boolean", "byte", "char", "short", "int", "long", "float", "double", "void");

    boolean hasPackage(String name) {
        return packages.containsKey(name) || Files.isDirectory(jdk.getPath("/packages", name));
    }

    /** Where a class comes from: the jar's file name, or "the JDK". */
    String origin(String className) {
        Path jar = classes.get(className);
        return jar != null ? jar.getFileName().toString() : jdkClass(className).map(p -> "JDK " + jdkVersion()).orElse("nowhere");
    }

    Optional<byte[]> classBytes(String className) {
        Path jar = classes.get(className);
        try {
            if (jar == null) {
                Optional<Path> inJdk = jdkClass(className);
                return inJdk.isPresent() ? Optional.of(Files.readAllBytes(inJdk.get())) : Optional.empty();
            }
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                ZipEntry entry = zip.getEntry(className.replace('.', '/') + ".class");
                try (InputStream in = zip.getInputStream(entry)) {
                    return Optional.of(in.readAllBytes());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Optional<Path> jdkClass(String className) {
        int dot = className.lastIndexOf('.');
        if (dot < 0) {
            return Optional.empty();
        }
        Path inPackage = jdk.getPath("/packages", className.substring(0, dot));
        if (!Files.isDirectory(inPackage)) {
            return Optional.empty();
        }
        String file = className.replace('.', '/') + ".class";
        try (Stream<Path> modules = Files.list(inPackage)) {
            return modules.map(m -> jdk.getPath("/modules", m.getFileName().toString(), file)).filter(Files::exists).findFirst();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every file of the class path that is not a class, with its jar: the native-image metadata among them. */
    void eachResource(BiConsumer<String, Path> action) {
        resources.forEach(action);
    }

    byte[] read(Path jar, String entry) {
        try (ZipFile zip = new ZipFile(jar.toFile()); InputStream in = zip.getInputStream(zip.getEntry(entry))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A resource bundle (name, or module:name) as the builder finds it: a class, or a properties file
     * of that name (with a locale suffix or not) on the class path or in the JDK.
     */
    boolean hasBundle(String qualifiedName) {
        String name = qualifiedName.substring(qualifiedName.indexOf(':') + 1);
        if (hasClass(name)) {
            return true;
        }
        Pattern properties = Pattern.compile(Pattern.quote(name.replace('.', '/')) + "(_\\w+)?\\.properties");
        if (resources.keySet().stream().anyMatch(r -> properties.matcher(r).matches())) {
            return true;
        }
        int dot = name.lastIndexOf('.');
        Path inPackage = jdk.getPath("/packages", dot < 0 ? "" : name.substring(0, dot));
        if (dot < 0 || !Files.isDirectory(inPackage)) {
            return false;
        }
        try (Stream<Path> modules = Files.list(inPackage)) {
            return modules.anyMatch(m -> {
                try (Stream<Path> files = Files.list(jdk.getPath("/modules", m.getFileName().toString(),
                        name.substring(0, dot).replace('.', '/')))) {
                    return files.anyMatch(f -> properties.matcher(f.toString().substring(("/modules/" + m.getFileName() + "/").length())).matches());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The class path as a class loader, with a class of every package loaded, as the builder loads every
     * class it is given before it reads the substitutions: conditions such as "no package
     * software.amazon.awssdk.crt" (Package.getPackages()) then see what the builder sees.
     */
    ClassLoader loader() {
        if (loader == null) {
            URL[] urls = jars.stream().map(NativeClasspath::url).toArray(URL[]::new);
            loader = new URLClassLoader("native-classpath", urls, ClassLoader.getPlatformClassLoader());
            Map<String, List<String>> byPackage = new HashMap<>();
            classes.keySet().forEach(c -> byPackage.computeIfAbsent(c.substring(0, Math.max(0, c.lastIndexOf('.'))),
                    p -> new ArrayList<>()).add(c));
            byPackage.values().forEach(names -> {
                Collections.sort(names);
                for (String name : names) {
                    try {
                        Class.forName(name, false, loader);
                        break;
                    } catch (Throwable unloadable) {
                        // a class whose own dependencies are absent: the next one of the package
                    }
                }
            });
        }
        return loader;
    }

    private static URL url(Path jar) {
        try {
            return jar.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws IOException {
        if (loader != null) {
            loader.close();
        }
        jdk.close();
    }
}
