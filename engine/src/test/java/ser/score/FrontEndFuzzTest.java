package ser.score;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import ser.audio.AudioDecodeException;
import ser.audio.AudioDecoder;
import ser.audio.SampleSink;

/**
 * The front end on arbitrary bytes: whatever arrives, each target either gives a result or fails
 * with its documented exception (a decode error, an I/O error that becomes an error row); any other
 * exception, a crash or a hang is a finding. The committed inputs under
 * {@code FrontEndFuzzTestInputs/<target>/} replay in every test run; {@code JAZZER_FUZZ=1} searches for
 * new ones (see the README's fuzzing section).
 */
class FrontEndFuzzTest {
    private static final Path SCRATCH = scratch();

    private static Path scratch() {
        try {
            Path dir = Files.createTempDirectory("ser-fuzz");
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Decoded samples are finite and the format plausible, or the bytes are refused with a reason. */
    @FuzzTest(maxDuration = "10s")
    void decoderOnArbitraryBytes(byte[] data) {
        try {
            long[] samples = {0};
            SampleSink check = (x, n) -> {
                for (int i = 0; i < n; i++) {
                    assertTrue(Float.isFinite(x[i]), "a non-finite sample passed the decoder");
                }
                samples[0] += n;
            };
            var format = AudioDecoder.stream("fuzz.bin", data, check);
            assertTrue(samples[0] > 0 && format.sampleRate() >= AudioDecoder.MIN_SAMPLE_RATE);
        } catch (AudioDecodeException e) {
            assertTrue(e.reason() != null && !e.reason().isBlank(), "a refusal names its reason");
        }
    }

    /** The header scan never throws and never declares an end before its own chunk headers. */
    @FuzzTest(maxDuration = "10s")
    void wavHeaderOnArbitraryBytes(byte[] data) throws IOException {
        Path file = Files.write(SCRATCH.resolve("header.wav"), data);
        try {
            AudioDecoder.stream(file, (x, n) -> { });
        } catch (AudioDecodeException e) {
            assertTrue(!e.reason().isBlank());
        }
    }

    /** An archive of any bytes gives members and failure rows, and members give bytes or an I/O error. */
    @FuzzTest(maxDuration = "10s")
    void archivesOnArbitraryBytes(byte[] data) throws IOException {
        for (String name : List.of("fuzz.zip", "fuzz.tar", "fuzz.tar.gz")) {
            Path archive = Files.write(SCRATCH.resolve(name), data);
            try (Stream<Input> members = Archives.members(archive)) {
                members.limit(10_000).forEach(in -> {
                    if (in instanceof Input.Member m) {
                        try {
                            assertTrue(m.bytes().read().length <= Archives.MAX_MEMBER_BYTES);
                        } catch (IOException e) {
                            assertTrue(e.getMessage() != null || e.getClass() != IOException.class);
                        }
                    } else {
                        assertTrue(in instanceof Input.Failed f && !f.reason().isBlank(), in.toString());
                    }
                });
            }
        }
    }

    /** A results file of any bytes resumes, or is refused with an I/O error; never another exception. */
    @FuzzTest(maxDuration = "10s")
    void resultsResumeOnArbitraryBytes(byte[] data) throws IOException {
        for (ResultsFile.Format format : ResultsFile.Format.values()) {
            Path out = SCRATCH.resolve("results." + format.name().toLowerCase());
            Files.write(out, data);
            var identity = new ResultsFile.Identity("m", "0", List.of("angry", "sad"), 3, 1.5, "pooled", 1, format);
            Files.writeString(ResultsFile.sidecar(out), ser.io.JsonFiles.MAPPER.writeValueAsString(Map.of("identity", identity)));
            try (var opened = ResultsFile.open(out, identity, Map.of(), true, data.length % 2 == 0).file()) {
                assertTrue(Files.size(out) == 0 || Files.readAllBytes(out)[(int) Files.size(out) - 1] == '\n',
                        "a resumed file ends with a complete line");
            } catch (IOException e) {
                assertTrue(e.getMessage() != null);
            }
        }
    }

    /** A list of any bytes expands to inputs, one per non-empty line, and never throws. */
    @FuzzTest(maxDuration = "10s")
    void listOnArbitraryBytes(byte[] data) throws IOException {
        Path list = Files.write(SCRATCH.resolve("list.txt"), data);
        try (Stream<Input> all = Inputs.expand(List.of("@" + list, "-"), new ByteArrayInputStream(data))) {
            all.limit(100).forEach(in -> assertTrue(in.name() != null)); // a line naming / would walk the machine
        }
    }
}
