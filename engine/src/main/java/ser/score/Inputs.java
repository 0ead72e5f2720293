package ser.score;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.OptionalLong;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Predicate;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * What {@code ser score} reads, expanded lazily so a huge archive starts at once: files as given,
 * archives as their members, folders recursively (each folder listed in sorted order as the walk
 * reaches it, symbolic links followed, each real folder walked once, a link back to an ancestor or to a
 * folder already walked reported and not followed),
 * {@code @list.txt} and {@code -} (standard input) one path per line, verbatim: spaces and
 * {@code #} are part of a name, a trailing CR is dropped, blank lines are skipped. Nothing here
 * throws for a bad input: a folder, list or archive that fails is an {@link Input.Failed} in its
 * place, and the walk goes on with the next.
 */
public final class Inputs {
    private Inputs() {
    }

    /** Everything to score, in order. */
    public static Stream<Input> expand(List<String> arguments, InputStream stdin) {
        return arguments.stream().flatMap(a -> argument(a, stdin));
    }

    /**
     * How many inputs {@link #expand} would give that {@code keep} accepts, counted from names alone.
     * Empty where counting would mean a second full pass (standard input, compressed tars) or where
     * something could not be read (the run itself reports it).
     */
    public static OptionalLong count(List<String> arguments, Predicate<String> keep) {
        if (arguments.contains("-")) {
            return OptionalLong.empty();
        }
        long n = 0;
        try (Stream<Input> all = arguments.stream().flatMap(a -> argument(a, InputStream.nullInputStream(), false))) {
            for (Input in : (Iterable<Input>) all::iterator) {
                if (in instanceof Input.Failed) {
                    return OptionalLong.empty();
                }
                if (in instanceof Input.File f && Archives.isArchive(f.path())) {
                    if (Archives.isCompressed(f.path())) {
                        return OptionalLong.empty();
                    }
                    List<String> names = Archives.memberNames(f.path());
                    if (names == null) {
                        return OptionalLong.empty();
                    }
                    n += names.stream().filter(keep).count();
                } else {
                    n += keep.test(in.name()) ? 1 : 0;
                }
            }
        } catch (RuntimeException e) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(n);
    }

    private static Stream<Input> argument(String argument, InputStream stdin) {
        return argument(argument, stdin, true);
    }

    /** @param openArchives false to leave archives as files, for counting their members by name */
    private static Stream<Input> argument(String argument, InputStream stdin, boolean openArchives) {
        if (argument.equals("-")) {
            return lines("standard input", new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8)), openArchives);
        }
        if (argument.startsWith("@")) {
            Path list = Path.of(argument.substring(1));
            try {
                return lines(argument, Files.newBufferedReader(list, StandardCharsets.UTF_8), openArchives);
            } catch (IOException e) {
                return Stream.of(new Input.Failed(argument, "cannot read the list: " + describe(e)));
            }
        }
        return path(argument, openArchives);
    }

    private static Stream<Input> path(String typed, boolean openArchives) {
        Path path;
        try {
            path = Input.canonical(Path.of(typed));
        } catch (InvalidPathException e) {
            return Stream.of(new Input.Failed(typed, "not a valid path: " + e.getReason()));
        }
        if (Files.isDirectory(path)) {
            Object key = key(path);
            return walk(path, Set.of(key), new HashSet<>(Set.of(key)), openArchives);
        }
        return file(path, openArchives);
    }

    private static Stream<Input> file(Path path, boolean openArchives) {
        if (openArchives && Archives.isArchive(path) && Files.isRegularFile(path)) {
            return Archives.members(path);
        }
        return Stream.of(new Input.File(path)); // a missing file still gets its own error row
    }

    /**
     * @param ancestors the folders above this one, to tell a loop
     * @param walked    every folder this walk has entered: links can make a tree a graph with exponentially many
     *                  paths (as under /sys), so each real folder is walked once
     */
    private static Stream<Input> walk(Path folder, Set<Object> ancestors, Set<Object> walked, boolean openArchives) {
        List<Path> children;
        try (Stream<Path> listing = Files.list(folder)) {
            children = listing.sorted().toList();
        } catch (IOException | UncheckedIOException e) {
            return Stream.of(new Input.Failed(folder.toString(), "cannot list the folder: " + describe(e)));
        }
        return children.stream().flatMap(child -> {
            if (!Files.isDirectory(child)) {
                return file(child, openArchives);
            }
            Object key = key(child);
            if (ancestors.contains(key)) {
                return Stream.of(new Input.Failed(child.toString(),
                        "symbolic link loop: the folder is one of its own ancestors, not followed"));
            }
            if (!walked.add(key)) {
                return Stream.of(new Input.Failed(child.toString(),
                        "a link to a folder this walk has already entered, not walked twice"));
            }
            Set<Object> path = new HashSet<>(ancestors);
            path.add(key);
            return walk(child, path, walked, openArchives);
        });
    }

    /** What identifies a folder whatever link leads to it: the file system's key, or the real path. */
    private static Object key(Path folder) {
        try {
            Object key = Files.readAttributes(folder, BasicFileAttributes.class).fileKey();
            return key != null ? key : folder.toRealPath();
        } catch (IOException e) {
            return folder;
        }
    }

    /** One path per line, read as the walk reaches it; a read error ends the list with an error row. */
    private static Stream<Input> lines(String source, BufferedReader reader, boolean openArchives) {
        Iterator<Stream<Input>> entries = new Iterator<>() {
            private int line;
            private boolean done;
            private Stream<Input> next;

            @Override
            public boolean hasNext() {
                while (next == null && !done) {
                    try {
                        String text = reader.readLine(); // ends a line at LF, CR LF or CR
                        line++;
                        if (text == null) {
                            done = true;
                        } else if (!text.isEmpty()) {
                            next = path(text, openArchives);
                        }
                    } catch (IOException | UncheckedIOException e) {
                        done = true;
                        next = Stream.of(new Input.Failed(source, "cannot read line " + line + ": " + describe(e)));
                    }
                }
                return next != null;
            }

            @Override
            public Stream<Input> next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Stream<Input> out = next;
                next = null;
                return out;
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(entries, Spliterator.ORDERED), false)
                .flatMap(s -> s).onClose(() -> {
                    try {
                        reader.close();
                    } catch (IOException e) {
                        // nothing was written; a list that fails to close has been read
                    }
                });
    }

    /** The reason an I/O failure gives a row: what went wrong, in words, then the system's message. */
    static String describe(Throwable e) {
        Throwable cause = e instanceof UncheckedIOException u && u.getCause() != null ? u.getCause() : e;
        String what = switch (cause.getClass().getSimpleName()) {
            case "AccessDeniedException" -> "permission denied";
            case "NoSuchFileException" -> "no such file or folder";
            case "NotDirectoryException" -> "not a folder";
            case "FileSystemLoopException" -> "symbolic link loop";
            case "NoClassDefFoundError" -> "a compression method this build has no library for";
            case "IOException" -> null; // its message says it all
            default -> cause.getClass().getSimpleName();
        };
        if (what == null) {
            return cause.getMessage() == null ? "I/O error" : cause.getMessage();
        }
        return cause.getMessage() == null ? what : what + ": " + cause.getMessage();
    }
}
