package ser.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;
import ser.features.LogMel;
import ser.features.LogMelConfig;

/** Normalized log-Mel of batches of 3 s clips: ours over a thread pool, torchaudio's MelSpectrogram on a batch tensor. */
final class LogMelStage {
    private static final double CLIP_S = 3.0;

    private LogMelStage() {
    }

    static List<Result> run(BenchConfig config) throws Exception {
        List<Result> results = new ArrayList<>();
        Optional<String> missing = Reference.pythonMissing("torchaudio");
        for (int batch : config.quick() ? new int[] {1, 32} : new int[] {1, 32, 256}) {
            float[][] clips = clips(batch);
            ThreadLocal<LogMel> logMels = ThreadLocal.withInitial(() -> new LogMel(LogMelConfig.DEFAULT));
            ForkJoinPool pool = new ForkJoinPool(config.threads());
            Timing ours;
            try {
                ours = Timing.measure(config.warmUps(), config.runs(), () -> pool.submit(() ->
                        IntStream.range(0, batch).parallel().forEach(i -> logMels.get().compute(clips[i]))).get());
            } finally {
                pool.shutdown();
            }
            Timing.Rate reference = null;
            String note = missing.orElse("");
            if (missing.isEmpty()) {
                JsonNode r = Reference.python("logmel_reference.py", batch, CLIP_S, config.threads(), config.runs());
                reference = Timing.of(Reference.seconds(r.get("seconds"))).rate(batch);
                note = "torchaudio " + r.get("torchaudio").asText();
            }
            results.add(new Result("logmel", "batch " + batch + " x 3 s, " + config.threads() + " threads", "clips/s",
                    ours.rate(batch), "torchaudio MelSpectrogram", reference, note));
        }
        return results;
    }

    private static float[][] clips(int batch) {
        Random random = new Random(1);
        float[][] clips = new float[batch][(int) (CLIP_S * 16_000)];
        for (float[] clip : clips) {
            for (int i = 0; i < clip.length; i++) {
                clip[i] = (float) random.nextGaussian();
            }
        }
        return clips;
    }
}
