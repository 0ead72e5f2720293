package ser.audio;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import ser.testing.ResidentMemory;
import ser.testing.TestData;

/**
 * Every native object the decoder allocates is freed. JavaCPP's own allocations must not grow, and
 * the open file descriptors are counted (a demuxer left open keeps one; a few may belong to the
 * JVM). FFmpeg's other allocations show only in resident memory, which moves by about 5 MiB between
 * readings here with no trend; the medians of three readings early and three late, 1,500 files
 * apart, catch a leak of 11 kB or more per file, not a few bytes.
 */
@Tag(ResidentMemory.TAG)
class DecoderMemoryTest {
    private static final int WARM_UP = 1_000;
    private static final int BLOCKS = 6;
    private static final int BLOCK = 500;
    private static final long ALLOWED_GROWTH = 16L << 20;

    @Test
    void nativeMemoryStaysFlatOverThousandsOfDecodes() throws Exception {
        Path flac = TestData.resource("clips/03-01-05-01-01-01-01.flac");
        Path wav = TestData.resource("clips/03a01Wa.wav");
        Path text = TestData.resource("clips/README.md");
        decode(WARM_UP, flac, wav, text);
        long javacppBefore = Pointer.totalBytes();
        long filesBefore = openFileDescriptors();
        long[] resident = new long[BLOCKS];
        for (int b = 0; b < BLOCKS; b++) {
            decode(BLOCK, flac, wav, text);
            resident[b] = ResidentMemory.settled();
        }
        assertTrue(Pointer.totalBytes() <= javacppBefore, "bytes held by JavaCPP pointers grew from " + javacppBefore
                + " to " + Pointer.totalBytes() + " (other tests' pointers may be collected meanwhile, never added)");
        long filesGrowth = openFileDescriptors() - filesBefore;
        assertTrue(filesGrowth < 10, filesGrowth + " more open file descriptors after " + BLOCKS * BLOCK + " files");
        assertTrue(ResidentMemory.growth(resident) < ALLOWED_GROWTH, "resident memory (MiB) after each block of "
                + BLOCK + " files: " + ResidentMemory.mebibytes(resident));
    }

    /** Decodes the two clips in turn, every third from bytes in memory, with a failing open (text, not audio) every tenth. */
    private static void decode(int files, Path flac, Path wav, Path text) throws IOException {
        byte[] flacBytes = Files.readAllBytes(flac);
        for (int i = 0; i < files; i++) {
            if (i % 3 == 0) {
                AudioDecoder.decode("archive.zip!/clip.flac", flacBytes);
            } else {
                AudioDecoder.decode(i % 2 == 0 ? flac : wav);
            }
            if (i % 10 == 0) {
                try {
                    AudioDecoder.decode(text);
                } catch (AudioDecodeException expected) {
                    // a failed open must release what it allocated too
                }
            }
        }
    }

    private static long openFileDescriptors() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }
}
