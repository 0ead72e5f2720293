package ser.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import ser.testing.TestData;

/**
 * ser's 16 kHz mono samples against an independent decoder, the ffmpeg command line with the same
 * resampler settings (swresample, float internally, the default downmix): for every encoding in
 * {@code ../shared/data/formats} and a few clips of each corpus, after aligning the two by the lag of
 * best correlation (codec priming could differ between builds), the difference is at least 120 dB under
 * the signal: float rounding only, since both run FFmpeg's decoders and swresample (measured: 142 dB for
 * the lossy codecs, about 300 dB for PCM and FLAC). A wrong resampler, sample rate or channel mix fails by
 * a hundred dB (a 1 % rate error gives under 20 dB). Skips without ffmpeg on the PATH (.ci/run installs it).
 */
class DecoderAgainstFfmpegTest {
    private static final double MIN_SNR_DB = 120;
    private static final int MAX_LAG = 400;

    private static float[] ffmpeg(Path file) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("ffmpeg", "-v", "error", "-i", file.toString(), "-af",
                "aresample=16000:ochl=mono:internal_sample_fmt=fltp", "-f", "f32le", "-").redirectErrorStream(false).start();
        byte[] bytes = p.getInputStream().readAllBytes();
        assertEquals(0, p.waitFor(), new String(p.getErrorStream().readAllBytes()));
        float[] x = new float[bytes.length / 4];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(x);
        return x;
    }

    /** Signal-to-difference ratio in dB of {@code b} against {@code a} at the lag that maximizes it. */
    static double alignedSnrDb(float[] a, float[] b) {
        double best = Double.NEGATIVE_INFINITY;
        for (int lag = -MAX_LAG; lag <= MAX_LAG; lag++) {
            double signal = 0;
            double noise = 0;
            for (int i = Math.max(0, -lag); i < a.length && i + lag < b.length; i++) {
                double d = a[i] - b[i + lag];
                signal += (double) a[i] * a[i];
                noise += d * d;
            }
            best = Math.max(best, 10 * Math.log10(signal / Math.max(noise, 1e-30)));
        }
        return best;
    }

    private static boolean ffmpegInstalled() {
        try {
            return new ProcessBuilder("ffmpeg", "-version").start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    @Test
    void everyEncodingAndCorpusDecodesAsTheFfmpegCommandLineDoes() throws Exception {
        Assumptions.assumeTrue(ffmpegInstalled(), "the ffmpeg command line is not installed");
        List<Path> files = new ArrayList<>();
        try (Stream<Path> formats = Files.list(TestData.shared("formats"))) {
            files.addAll(formats.sorted().toList());
        }
        for (String corpus : List.of("ravdess", "tess", "emodb", "nemo", "ased")) {
            try (Stream<Path> all = Files.walk(TestData.shared(corpus))) {
                List<Path> clips = all.filter(p -> p.toString().matches(".*\\.(flac|wav|opus)$")).sorted().toList();
                for (int i = 0; i < clips.size(); i += clips.size() / 4) {
                    files.add(clips.get(i));
                }
            }
        }
        List<String> report = new ArrayList<>();
        double worst = Double.POSITIVE_INFINITY;
        for (Path file : files) {
            float[] ours = AudioDecoder.decode(file).samples();
            float[] theirs = ffmpeg(file);
            assertEquals(theirs.length, ours.length, 0.01 * theirs.length + 400, file + ": lengths");
            double snr = alignedSnrDb(ours, theirs);
            worst = Math.min(worst, snr);
            report.add(String.format("%s %.1f dB", file.getFileName(), snr));
        }
        System.out.println("decoder against the ffmpeg CLI: " + String.join(", ", report));
        assertTrue(files.size() >= 11 + 20, files.size() + " files");
        assertTrue(worst >= MIN_SNR_DB, "worst " + worst + " dB: " + report);
    }

    @Test
    void aResamplingErrorOfOnePercentWouldFail() {
        float[] a = new float[16_000];
        float[] b = new float[16_000];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) Math.sin(2 * Math.PI * 440 * i / 16_000.0);
            b[i] = (float) Math.sin(2 * Math.PI * 440 * i / 16_160.0);
        }
        assertTrue(alignedSnrDb(a, b) < 20, "the check can tell a 1 % rate error: " + alignedSnrDb(a, b));
        assertTrue(alignedSnrDb(a, a) > 200);
    }
}
