package ser.score;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ser.testing.TestData;

class ArchivesTest {
    private static final List<String> CLIPS = List.of("03-01-05-01-01-01-01.flac", "YAF_back_angry.flac", "03a01Wa.wav");

    /** Every input of the archive in order: a member as its name and bytes (or its read error), a failure as its reason. */
    private record Read(String name, byte[] bytes, String error) {
    }

    private static List<Read> readAll(Path archive) {
        List<Read> out = new ArrayList<>();
        try (Stream<Input> members = Archives.members(archive)) {
            members.forEach(in -> {
                if (in instanceof Input.Member m) {
                    try {
                        out.add(new Read(m.name(), m.bytes().read(), null));
                    } catch (IOException e) {
                        out.add(new Read(m.name(), null, e.getMessage()));
                    }
                } else {
                    out.add(new Read(in.name(), null, assertInstanceOf(Input.Failed.class, in).reason()));
                }
            });
        }
        return out;
    }

    private static Path zip(Path file, List<String> clips) throws IOException {
        try (var out = new java.util.zip.ZipOutputStream(Files.newOutputStream(file))) {
            for (String clip : clips) {
                out.putNextEntry(new java.util.zip.ZipEntry("calls/" + clip));
                out.write(Files.readAllBytes(TestData.resource("clips/" + clip)));
                out.closeEntry();
            }
        }
        return file;
    }

    private static Path tgz(Path file, List<String> clips) throws IOException {
        try (var out = new TarArchiveOutputStream(new GzipCompressorOutputStream(Files.newOutputStream(file)))) {
            for (String clip : clips) {
                byte[] bytes = Files.readAllBytes(TestData.resource("clips/" + clip));
                var entry = new TarArchiveEntry("calls/" + clip);
                entry.setSize(bytes.length);
                out.putArchiveEntry(entry);
                out.write(bytes);
                out.closeArchiveEntry();
            }
        }
        return file;
    }

    @Test
    void aZipWrittenToAPipeIsReadThroughItsCentralDirectory() throws IOException {
        Path streamed = TestData.resource("archives/streamed-stored.zip");
        List<Read> read = readAll(streamed);
        assertEquals(2, read.size(), read.toString());
        for (int i = 0; i < 2; i++) {
            assertEquals(streamed + "!/" + CLIPS.get(i), read.get(i).name());
            assertArrayEquals(Files.readAllBytes(TestData.resource("clips/" + CLIPS.get(i))), read.get(i).bytes(), CLIPS.get(i));
        }
    }

    @Test
    void aZipCutShortIsSalvagedFromItsLocalHeadersAfterARowThatSaysSo(@TempDir Path dir) throws IOException {
        byte[] whole = Files.readAllBytes(zip(dir.resolve("whole.zip"), CLIPS));
        Path cut = Files.write(dir.resolve("cut.zip"), Arrays.copyOf(whole, whole.length * 3 / 4));
        List<Read> read = readAll(cut);
        assertTrue(read.get(0).error().startsWith("cannot read the zip's central directory"), read.get(0).error());
        for (int i = 0; i < 2; i++) { // the first two members lie before the cut
            assertEquals(cut + "!/calls/" + CLIPS.get(i), read.get(1 + i).name());
            assertArrayEquals(Files.readAllBytes(TestData.resource("clips/" + CLIPS.get(i))), read.get(1 + i).bytes());
        }
        assertTrue(read.stream().skip(3).allMatch(r -> r.error() != null), "what lies past the cut is an error: " + read);
        assertEquals(cut.toString(), read.get(read.size() - 1).name(), "the archive's own row ends it");
    }

    @Test
    void aMemberWithABadCrcIsAnErrorNotAScore(@TempDir Path dir) throws IOException {
        Path zip = zip(dir.resolve("crc.zip"), List.of(CLIPS.get(2)));
        byte[] bytes = Files.readAllBytes(zip);
        // the WAV is deflated; flipping a byte of its compressed data changes the inflated bytes or breaks inflation
        bytes[30 + ("calls/" + CLIPS.get(2)).length() + 2000] ^= 0x55;
        Files.write(zip, bytes);
        List<Read> read = readAll(zip);
        assertEquals(1, read.size());
        assertTrue(read.get(0).error() != null, "a damaged member must not reach the decoder");
    }

    @Test
    void aTarGzCutInHalfKeepsTheMembersBeforeTheBreakAndEndsWithARowForTheArchive(@TempDir Path dir) throws IOException {
        byte[] whole = Files.readAllBytes(tgz(dir.resolve("whole.tar.gz"), CLIPS));
        Path cut = Files.write(dir.resolve("cut.tar.gz"), Arrays.copyOf(whole, whole.length / 2));
        List<Read> read = readAll(cut);
        assertArrayEquals(Files.readAllBytes(TestData.resource("clips/" + CLIPS.get(0))), read.get(0).bytes());
        Read last = read.get(read.size() - 1);
        assertEquals(cut.toString(), last.name());
        assertTrue(last.error().startsWith("the archive breaks after"), last.error());
    }

    @Test
    void memberBytesAreCheckedAgainstTheirDeclaredSizeAndCrc() {
        byte[] bytes = {1, 2, 3, 4};
        var crc = new java.util.zip.CRC32();
        crc.update(bytes);
        assertThrows(IOException.class, () -> Archives.checked(new java.io.ByteArrayInputStream(bytes), 5, () -> -1));
        assertThrows(IOException.class, () -> Archives.checked(new java.io.ByteArrayInputStream(bytes), 4, () -> crc.getValue() ^ 1));
        assertThrows(IOException.class, () -> Archives.checked(new java.io.ByteArrayInputStream(bytes), Archives.MAX_MEMBER_BYTES + 1, () -> -1));
        assertTrue(Arrays.equals(bytes, assertDoesNotThrow(bytes, crc.getValue())));
    }

    private static byte[] assertDoesNotThrow(byte[] bytes, long crc) {
        try {
            return Archives.checked(new java.io.ByteArrayInputStream(bytes), bytes.length, () -> crc);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
