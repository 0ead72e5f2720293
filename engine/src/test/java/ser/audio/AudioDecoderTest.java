package ser.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ser.testing.TestData;

class AudioDecoderTest {

    @Test
    void elevenEncodingsOfOneRecordingDecodeToTheSameDuration() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(TestData.shared("formats"))) {
            files = s.sorted().toList();
        }
        assertEquals(11, files.size());
        double reference = AudioDecoder.decode(files.get(0)).durationS();
        for (Path f : files) {
            DecodedAudio audio = AudioDecoder.decode(f);
            assertEquals(3.537, audio.durationS(), 3.537 * 0.01, f.toString());
            assertEquals(reference, audio.durationS(), reference * 0.01, f.toString());
        }
    }

    @Test
    void bytesInMemoryDecodeExactlyAsTheFileDoes() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(TestData.shared("formats"))) {
            files = s.sorted().toList();
        }
        for (Path f : files) {
            DecodedAudio fromFile = AudioDecoder.decode(f);
            DecodedAudio fromBytes = AudioDecoder.decode("archive.zip!/" + f.getFileName(), Files.readAllBytes(f));
            assertEquals(fromFile.source(), fromBytes.source(), f.toString());
            org.junit.jupiter.api.Assertions.assertArrayEquals(fromFile.samples(), fromBytes.samples(), 0f, f.toString());
        }
    }

    @Test
    void badBytesInMemoryGetTheSameReasonsAsBadFiles() {
        var empty = assertThrows(AudioDecodeException.class, () -> AudioDecoder.decode("a.zip!/e.wav", new byte[0]));
        assertEquals("empty file (0 bytes)", empty.reason());
        assertEquals("a.zip!/e.wav", empty.source());
        byte[] noise = new byte[20_000];
        new Random(3).nextBytes(noise);
        assertEquals("not a recognised audio or media format",
                assertThrows(AudioDecodeException.class, () -> AudioDecoder.decode("a.zip!/r.wav", noise)).reason());
        byte[] truncated = java.util.Arrays.copyOf(pcmWav(16_000, new short[16_000]), 5_000);
        assertTrue(assertThrows(AudioDecodeException.class, () -> AudioDecoder.decode("a.zip!/t.wav", truncated)).reason()
                .startsWith("truncated"));
    }

    @Test
    void stereoIsDownmixedAndContentNotExtensionDecidesTheFormat() throws IOException {
        Path quirks = TestData.shared("quirks");
        DecodedAudio stereo = AudioDecoder.decode(quirks.resolve("03-01-08-01-02-02-01.wav"));
        assertEquals(2, stereo.source().channels());
        assertTrue(stereo.durationS() > 3);
        DecodedAudio aiff = AudioDecoder.decode(quirks.resolve("YAF_germ_angry.wav"));
        assertEquals("aiff", aiff.source().container());
    }

    @Test
    void bundledClipsOfEachCorpusDecodeAt16kHz() throws IOException {
        for (String name : List.of("03-01-05-01-01-01-01.flac", "YAF_back_angry.flac", "03a01Wa.wav")) {
            DecodedAudio audio = AudioDecoder.decode(TestData.resource("clips/" + name));
            assertTrue(audio.durationS() > 1 && audio.durationS() < 6, name + " lasts " + audio.durationS());
            double peak = 0;
            for (float v : audio.samples()) {
                peak = Math.max(peak, Math.abs(v));
            }
            assertTrue(peak > 0.05 && peak <= 1.0, name + " peak " + peak);
        }
    }

    private static String reasonFor(Path file) {
        return assertThrows(AudioDecodeException.class, () -> AudioDecoder.decode(file)).reason();
    }

    @Test
    void badInputsGetSpecificReasons(@TempDir Path dir) throws IOException {
        Path empty = Files.createFile(dir.resolve("empty.wav"));
        assertEquals("empty file (0 bytes)", reasonFor(empty));

        byte[] wav = pcmWav(16_000, new short[16_000]);
        Path truncated = Files.write(dir.resolve("truncated.wav"), java.util.Arrays.copyOf(wav, 5_000));
        assertTrue(reasonFor(truncated).startsWith("truncated: the file has 5000 bytes"), reasonFor(truncated));
        // cut inside a 4 kB padding chunk before the data chunk (as some recorders write): the RIFF size tells
        byte[] padded = chunkBeforeData(wav, "FLLR", 4_096, 4_096);
        ByteBuffer.wrap(padded).order(ByteOrder.LITTLE_ENDIAN).putInt(4, padded.length - 8);
        Path cutInPadding = Files.write(dir.resolve("cut-in-padding.wav"), java.util.Arrays.copyOf(padded, 2_000));
        assertEquals("truncated: the file has 2000 bytes but its WAV header declares " + padded.length,
                reasonFor(cutInPadding));
        assertEquals(16_000, AudioDecoder.decode(Files.write(dir.resolve("padded.wav"), padded)).samples().length,
                "the whole padded file decodes");

        byte[] noise = new byte[20_000];
        new Random(3).nextBytes(noise);
        assertEquals("not a recognised audio or media format", reasonFor(Files.write(dir.resolve("random.wav"), noise)));
        assertEquals("not a recognised audio or media format",
                reasonFor(Files.writeString(dir.resolve("notes.wav"), "this is a text file, not audio\n")));

        Path subtitles = Files.writeString(dir.resolve("subs.srt"), "1\n00:00:01,000 --> 00:00:02,000\nHello\n",
                StandardCharsets.UTF_8);
        assertTrue(reasonFor(subtitles).startsWith("no audio stream"), reasonFor(subtitles));

        assertEquals("no such file", reasonFor(dir.resolve("missing.wav")));
        assertEquals("not a regular file", reasonFor(Files.createDirectory(dir.resolve("folder.wav"))));
    }

    /**
     * {@code wav} (a 44-byte header) with a chunk {@code tag} between fmt and data that declares {@code declared}
     * bytes and holds {@code body} zeros; the RIFF size is left as {@code wav} had it.
     */
    private static byte[] chunkBeforeData(byte[] wav, String tag, int declared, int body) {
        ByteBuffer b = ByteBuffer.allocate(wav.length + 8 + body).order(ByteOrder.LITTLE_ENDIAN);
        b.put(wav, 0, 36).put(tag.getBytes(StandardCharsets.US_ASCII)).putInt(declared).put(new byte[body]);
        return b.put(wav, 36, wav.length - 36).array();
    }

    /** A mono 32-bit float WAV (format tag 3) of {@code samples} at 16 kHz. */
    private static byte[] floatWav(float[] samples) {
        ByteBuffer b = ByteBuffer.allocate(44 + samples.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + samples.length * 4);
        b.put("WAVEfmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 3).putShort((short) 1);
        b.putInt(16_000).putInt(64_000).putShort((short) 4).putShort((short) 32);
        b.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(samples.length * 4);
        for (float v : samples) {
            b.putFloat(v);
        }
        return b.array();
    }

    @Test
    void nonFiniteSamplesAreAnErrorThatSaysWhere(@TempDir Path dir) throws IOException {
        for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
            float[] x = new float[16_000];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) (0.1 * Math.sin(i * 0.05));
            }
            x[7_200] = bad;
            String reason = reasonFor(Files.write(dir.resolve("bad.wav"), floatWav(x)));
            assertEquals("non-finite samples at 0.45 s", reason, "sample " + bad);
        }
    }

    @Test
    void implausibleHeadersAreRefusedBeforeDecoding(@TempDir Path dir) throws IOException {
        byte[] oneHertz = pcmWav(16_000, new short[62_000]);
        ByteBuffer.wrap(oneHertz).order(ByteOrder.LITTLE_ENDIAN).putInt(24, 1).putInt(28, 2);
        assertEquals("implausible header: sample rate 1 Hz (ser reads 4000 to 768000 Hz)",
                reasonFor(Files.write(dir.resolve("one-hertz.wav"), oneHertz)));

        // a LIST chunk declaring 2 GiB before the data: the scan for the data chunk must not wrap its offset
        byte[] fmt = pcmWav(16_000, new short[1_600]);
        Path listed = Files.write(dir.resolve("huge-chunk.wav"), chunkBeforeData(fmt, "LIST", 0x8000_0000, 0));
        assertEquals(8 + 36 + 1_600 * 2, WavHeader.declaredEnd(listed).getAsLong(),
                "the data chunk lies past the bytes scanned: the RIFF chunk's end is the one declared");
        assertThrows(AudioDecodeException.class, () -> AudioDecoder.decode(listed));
    }

    @Test
    void clipShorterThanOneWindowDecodesToItsTrueLength(@TempDir Path dir) throws IOException {
        Path tiny = Files.write(dir.resolve("tiny.wav"), pcmWav(16_000, new short[80]));
        assertEquals(80, AudioDecoder.decode(tiny).samples().length);
        var e = assertThrows(AudioDecodeException.class, () -> new SpeechLoader(VadConfig.DEFAULT).load(tiny));
        assertTrue(e.reason().startsWith("too short: 0.005 s"), e.reason());
    }

    @Test
    void twoHourFileStreamsInBoundedChunks(@TempDir Path dir) throws IOException {
        int rate = 8_000;
        long seconds = 2 * 3600;
        Path file = dir.resolve("long.wav");
        TestData.writeLongU8Wav(file, rate, seconds);
        long[] stats = new long[2]; // total samples, largest chunk
        SourceFormat format = AudioDecoder.stream(file, (samples, count) -> {
            stats[0] += count;
            stats[1] = Math.max(stats[1], count);
        });
        assertEquals("pcm_u8", format.codec());
        assertEquals(seconds * AudioDecoder.SAMPLE_RATE, stats[0], AudioDecoder.SAMPLE_RATE * 0.01);
        assertTrue(stats[1] <= 65_536, "largest chunk " + stats[1] + " samples");
    }

    static byte[] pcmWav(int rate, short[] samples) {
        ByteBuffer b = ByteBuffer.allocate(44 + samples.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        b.put(TestData.wavHeader(rate, 2, 16, samples.length * 2L));
        for (short s : samples) {
            b.putShort(s);
        }
        return b.array();
    }
}
