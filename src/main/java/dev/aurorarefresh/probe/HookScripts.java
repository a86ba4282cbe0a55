package dev.aurorarefresh.probe;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * The post-clone SQL hooks: a file, or every {@code *.sql} file of a directory in name order,
 * read once at start-up (so a missing or unreadable file is a configuration error before any
 * change). The digest (sha256 over each file's name and content) is what the clone's
 * {@code aurora-refresh:hooks-digest} tag records once they have all completed.
 */
public record HookScripts(String location, List<HookFile> files, String digest) {

    /** One script file: its name (as reported in errors) and its text. */
    public record HookFile(String name, String text) {
    }

    /** @throws IllegalArgumentException with a message saying what is wrong with the path */
    public static HookScripts load(Path path) {
        List<Path> paths;
        if (Files.isDirectory(path)) {
            try (Stream<Path> list = Files.list(path)) {
                paths = list.filter(p -> p.getFileName().toString().endsWith(".sql") && Files.isRegularFile(p))
                        .sorted((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()))
                        .toList();
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot list the directory: " + e.getMessage());
            }
            if (paths.isEmpty()) {
                throw new IllegalArgumentException("the directory has no *.sql files");
            }
        } else if (Files.isRegularFile(path)) {
            paths = List.of(path);
        } else {
            throw new IllegalArgumentException("no such file or directory");
        }
        List<HookFile> files = paths.stream().map(HookScripts::read).toList();
        return new HookScripts(path.toString(), files, digest(files));
    }

    private static HookFile read(Path p) {
        try {
            byte[] bytes = Files.readAllBytes(p);
            String text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
            return new HookFile(p.getFileName().toString(), text);
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(p.getFileName() + " is not UTF-8 text");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + p.getFileName() + ": " + e.getMessage());
        }
    }

    static String digest(List<HookFile> files) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (HookFile f : files) {
                sha.update(f.name().getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(f.text().getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
