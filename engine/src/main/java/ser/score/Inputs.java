package ser.score;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * What {@code ser score} reads, expanded lazily so a huge archive starts at once: files as given,
 * archives as their members,
 * folders recursively (in file-system order, never listed in full first), {@code @list.txt} one path per line, and
 * {@code -} paths on standard input. Blank lines and lines starting with # are skipped.
 */
public final class Inputs {
    private Inputs() {
    }

    /** Everything to score: files, and the members of the archives among them (.zip, .tar, .tar.gz). */
    public static Stream<Input> expand(List<String> arguments, InputStream stdin) {
        return paths(arguments, stdin).flatMap(p -> Archives.isArchive(p) && Files.isRegularFile(p)
                ? Archives.members(p) : Stream.of(new Input.File(p)));
    }

    /**
     * How many inputs {@link #expand} would give that {@code keep} accepts, counted from names alone.
     * Empty where counting would mean a second full pass (paths on standard input, compressed tars).
     */
    public static OptionalLong count(List<String> arguments, Predicate<String> keep) {
        if (arguments.contains("-")) {
            return OptionalLong.empty();
        }
        long[] n = {0};
        try (Stream<Path> all = paths(arguments, InputStream.nullInputStream())) {
            for (Path p : (Iterable<Path>) all::iterator) {
                if (!Archives.isArchive(p) || !Files.isRegularFile(p)) {
                    n[0] += keep.test(p.toString()) ? 1 : 0;
                } else if (Archives.isCompressed(p)) {
                    return OptionalLong.empty();
                } else {
                    Archives.memberNames(p).forEach(name -> n[0] += keep.test(name) ? 1 : 0);
                }
            }
        }
        return OptionalLong.of(n[0]);
    }

    private static Stream<Path> paths(List<String> arguments, InputStream stdin) {
        return arguments.stream().flatMap(a -> one(a, stdin));
    }

    private static Stream<Path> one(String argument, InputStream stdin) {
        if (argument.equals("-")) {
            return lines(new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8)));
        }
        if (argument.startsWith("@")) {
            Path list = Path.of(argument.substring(1));
            try {
                return lines(Files.newBufferedReader(list, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the list " + list, e);
            }
        }
        Path path = Path.of(argument);
        if (!Files.isDirectory(path)) {
            return Stream.of(path); // a missing file still gets its own error row
        }
        try {
            return Files.walk(path).filter(Files::isRegularFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + path, e);
        }
    }

    private static Stream<Path> lines(BufferedReader reader) {
        return reader.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).map(Path::of);
    }
}
