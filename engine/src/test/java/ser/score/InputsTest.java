package ser.score;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
        Path list = Files.writeString(dir.resolve("list.txt"), "# two more\n" + dir.resolve("extra1.wav") + "\n\n"
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
}
