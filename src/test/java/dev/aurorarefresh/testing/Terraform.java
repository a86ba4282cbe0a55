package dev.aurorarefresh.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The terraform CLI on a copy of the repository's terraform/ tree in a temporary directory, so that
 * working files (.terraform, lock file, state) never land in the checkout. Providers come from the
 * machine's filesystem mirror only (init -plugin-dir): no network. AWS calls go to moto.
 */
public final class Terraform {
    /** A machine of this kind keeps its provider mirror (a folder holding registry.terraform.io) near /. */
    private static final int MIRROR_SEARCH_DEPTH = 3;
    private static final Set<String> NOT_SEARCHED = Set.of("/proc", "/sys", "/dev", "/run", "/tmp");

    public record Result(int exitCode, String output) {
    }

    private final Path root;
    private final Path cliConfig;
    private final Map<String, String> awsEnvironment;

    private Terraform(Path root, Path cliConfig, Map<String, String> awsEnvironment) {
        this.root = root;
        this.cliConfig = cliConfig;
        this.awsEnvironment = awsEnvironment;
    }

    /** A temporary copy of {@code tree} whose commands talk to the AWS endpoint given (moto). */
    public static Terraform copyOf(Path tree, String awsEndpoint) {
        Tool.require(Tool.TERRAFORM, Tool.TERRAFORM_AWS_PROVIDER);
        try {
            Path root = Files.createTempDirectory("terraform-");
            try (Stream<Path> files = Files.walk(tree)) {
                for (Path source : files.filter(p -> !p.toString().contains(".terraform")).toList()) {
                    Path target = root.resolve(tree.relativize(source).toString());
                    if (Files.isDirectory(source)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(source, target);
                    }
                }
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(root)));
            // an empty CLI configuration: nothing from the user's ~/.terraformrc (mirrors, credentials)
            Path cliConfig = Files.writeString(root.resolve(".terraformrc"), "");
            return new Terraform(root, cliConfig, Map.of("AWS_ENDPOINT_URL", awsEndpoint, "AWS_ACCESS_KEY_ID", "test",
                    "AWS_SECRET_ACCESS_KEY", "test", "AWS_REGION", MotoAccount.REGION, "AWS_CONFIG_FILE", "/dev/null",
                    "AWS_SHARED_CREDENTIALS_FILE", "/dev/null", "AWS_EC2_METADATA_DISABLED", "true"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes the copy, its .terraform (whose provider is a link into the mirror: the link goes, not the mirror) and state. */
    private static void deleteTree(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // best effort at JVM exit: a temporary directory is left behind
        }
    }

    public Path root() {
        return root;
    }

    /** {@code terraform -chdir=<dir> <args>} in the copy, e.g. run("examples/ecs", "apply", "-auto-approve"). */
    public Result run(String dir, String... args) {
        List<String> command = new ArrayList<>(List.of(Tool.TERRAFORM.command(), "-chdir=" + root.resolve(dir)));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("TF_"));
        env.putAll(awsEnvironment);
        env.put("TF_CLI_CONFIG_FILE", cliConfig.toString());
        env.put("TF_IN_AUTOMATION", "1");
        env.put("TF_INPUT", "0");
        env.put("CHECKPOINT_DISABLE", "1");
        try {
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(300, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("terraform " + String.join(" ", args) + " in " + dir + " did not end in 300s:\n" + out);
            }
            return new Result(p.exitValue(), out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Like {@link #run} but the command must succeed; returns its output. */
    public String succeed(String dir, String... args) {
        Result r = run(dir, args);
        if (r.exitCode() != 0) {
            throw new AssertionError("terraform " + String.join(" ", args) + " in " + dir + " exited " + r.exitCode() + ":\n" + r.output());
        }
        return r.output();
    }

    /** init from the machine's provider mirror only. */
    public String init(String dir) {
        return succeed(dir, "init", "-input=false", "-no-color", "-plugin-dir=" + Tool.TERRAFORM_AWS_PROVIDER.command());
    }

    /** The folder holding registry.terraform.io/hashicorp/aws/..., within three levels of / (what -plugin-dir takes). */
    static Optional<String> findPluginMirror() {
        Path[] found = new Path[1];
        try {
            Files.walkFileTree(Path.of("/"), EnumSet.noneOf(java.nio.file.FileVisitOption.class), MIRROR_SEARCH_DEPTH,
                    new SimpleFileVisitor<>() {
                        @Override
                        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                            return NOT_SEARCHED.contains(dir.toString()) ? FileVisitResult.SKIP_SUBTREE : visitFile(dir, attrs);
                        }

                        /** Directories at the depth limit come here, not to preVisitDirectory. */
                        @Override
                        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                            if (attrs.isDirectory() && file.getFileName() != null
                                    && file.getFileName().toString().equals("registry.terraform.io")
                                    && Files.isDirectory(file.resolve("hashicorp/aws"))) {
                                found[0] = file.getParent();
                                return FileVisitResult.TERMINATE;
                            }
                            return FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFileFailed(Path file, IOException e) {
                            return FileVisitResult.CONTINUE;
                        }
                    });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Optional.ofNullable(found[0]).map(Path::toString);
    }
}
