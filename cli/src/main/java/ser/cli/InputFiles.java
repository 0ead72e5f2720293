package ser.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Expands command-line paths: files as given, folders recursively in sorted order. */
final class InputFiles {
    private InputFiles() {
    }

    static Stream<Path> expand(List<Path> paths) {
        return paths.stream().flatMap(InputFiles::expandOne);
    }

    private static Stream<Path> expandOne(Path path) {
        if (!Files.isDirectory(path)) {
            return Stream.of(path); // a missing file still gets its own error row
        }
        try (Stream<Path> walk = Files.walk(path)) {
            return walk.filter(Files::isRegularFile).sorted().toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
