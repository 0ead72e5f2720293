package ser.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputsTest {
    @Test
    void theBackgroundCountAgreesWithTheInputsAScoreRunTakes(@TempDir Path dir) throws IOException {
        Path folder = Files.createDirectories(dir.resolve("calls/day1"));
        for (int i = 0; i < 7; i++) {
            Files.writeString(folder.resolve("c" + i + ".wav"), "x");
        }
        Path zip = dir.resolve("calls/more.zip");
        try (var out = new java.util.zip.ZipOutputStream(Files.newOutputStream(zip))) {
            for (String name : List.of("a/1.wav", "a/2.wav", "b/")) {
                out.putNextEntry(new java.util.zip.ZipEntry(name));
                out.closeEntry();
            }
        }
        Path tar = dir.resolve("x.tar");
        try (var out = new TarArchiveOutputStream(Files.newOutputStream(tar))) {
            for (String name : List.of("t/1.wav", "t/2.wav", "t/3.wav")) {
                var entry = new TarArchiveEntry(name);
                entry.setSize(1);
                out.putArchiveEntry(entry);
                out.write('x');
                out.closeArchiveEntry();
            }
        }
        Path list = Files.writeString(dir.resolve("list.txt"), dir.resolve("extra1.wav") + "\n\n"
                + dir.resolve("extra2.wav") + "\n", StandardCharsets.UTF_8);
        List<String> arguments = List.of(dir.resolve("calls").toString(), tar.toString(), "@" + list);

        List<String> expanded;
        try (Stream<Input> all = Inputs.expand(arguments, new ByteArrayInputStream(new byte[0]))) {
            expanded = all.map(Input::name).toList();
        }
        assertEquals(7 + 2 + 3 + 2, expanded.size(), expanded.toString());
        assertEquals(OptionalLong.of(expanded.size()), Inputs.count(arguments, name -> true));
        assertEquals(OptionalLong.of(expanded.stream().filter(n -> n.contains("!/")).count()),
                Inputs.count(arguments, name -> name.contains("!/")), "the filter sees archive members by their names");

        Path tgz = dir.resolve("y.tar.gz");
        try (var out = new TarArchiveOutputStream(new GzipCompressorOutputStream(Files.newOutputStream(tgz)))) {
            out.finish();
        }
        assertEquals(OptionalLong.empty(), Inputs.count(List.of(tgz.toString()), name -> true), "would decompress it all");
        assertEquals(OptionalLong.empty(), Inputs.count(List.of("-"), name -> true), "stdin can be read once");
    }

    private static List<Input> expand(String... arguments) {
        try (Stream<Input> all = Inputs.expand(List.of(arguments), new ByteArrayInputStream(new byte[0]))) {
            return all.toList();
        }
    }

    @Test
    void listsAreReadByOnePathPerLineVerbatim(@TempDir Path dir) throws IOException {
        List<String> names = List.of("with space.wav", "#not a comment.wav", " leading and trailing ", "plain.wav");
        Path list = Files.writeString(dir.resolve("list.txt"), names.stream().map(n -> dir.resolve(n).toString())
                .reduce((a, b) -> a + "\r\n\r\n" + b).orElseThrow() + "\n", StandardCharsets.UTF_8);
        assertEquals(names.stream().map(n -> dir.resolve(n).toString()).toList(),
                expand("@" + list).stream().map(Input::name).toList(), "CRLF and blank lines tolerated, nothing else changed");
        Input missing = expand("@" + dir.resolve("no-such-list.txt")).get(0);
        assertTrue(((Input.Failed) missing).reason().startsWith("cannot read the list: no such file or folder"), missing.toString());
    }

    @Test
    void namesAreAbsoluteAndNormalisedHoweverTheyWereTyped(@TempDir Path dir) throws IOException {
        Path clip = Files.writeString(Files.createDirectories(dir.resolve("calls")).resolve("a.wav"), "x");
        Path typed = dir.resolve("calls/../calls/./a.wav");
        assertEquals(List.of(clip.toAbsolutePath().normalize().toString()), expand(typed.toString()).stream().map(Input::name).toList());
        Path relative = Path.of("").toAbsolutePath().relativize(clip);
        assertEquals(clip.toString(), expand(relative.toString()).get(0).name());
    }

    @Test
    void linkedFoldersAreFollowedAndALinkBackToAnAncestorIsARowNotALoop(@TempDir Path dir) throws IOException {
        Path calls = Files.createDirectories(dir.resolve("calls/day1"));
        Files.writeString(calls.resolve("a.wav"), "x");
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        Files.writeString(elsewhere.resolve("b.wav"), "x");
        Files.createSymbolicLink(dir.resolve("calls/linked"), elsewhere);
        Files.createSymbolicLink(calls.resolve("loop"), dir.resolve("calls"));
        Files.createSymbolicLink(calls.resolve("again"), elsewhere);
        List<Input> found = expand(dir.resolve("calls").toString());
        assertEquals(List.of(calls.resolve("a.wav").toString(), calls.resolve("again/b.wav").toString(),
                calls.resolve("loop").toString(), dir.resolve("calls/linked").toString()),
                found.stream().map(Input::name).toList());
        assertTrue(((Input.Failed) found.get(2)).reason().startsWith("symbolic link loop"), found.get(2).toString());
        assertTrue(((Input.Failed) found.get(3)).reason().startsWith("a link to a folder this walk has already entered"));
    }

    @Test
    void aFolderThatCannotBeListedIsARowAndTheWalkGoesOn(@TempDir Path dir) throws IOException {
        org.junit.jupiter.api.Assumptions.assumeFalse("root".equals(System.getProperty("user.name")),
                "root lists any folder: permissions cannot make one unreadable here");
        Path closed = Files.createDirectories(dir.resolve("a-closed"));
        Files.writeString(closed.resolve("x.wav"), "x");
        Files.writeString(dir.resolve("b.wav"), "x");
        Files.setPosixFilePermissions(closed, java.util.Set.of());
        try {
            List<Input> found = expand(dir.toString());
            assertTrue(((Input.Failed) found.get(0)).reason().startsWith("cannot list the folder: permission denied"));
            assertEquals(dir.resolve("b.wav").toString(), found.get(1).name());
        } finally {
            Files.setPosixFilePermissions(closed, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        }
    }
}
