package ser.api;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import ser.audio.AudioDecodeException;
import ser.audio.AudioDecoder;
import ser.audio.WavEncoder;
import ser.runtime.LibTorch;
import ser.score.Archives;
import ser.score.Input;
import ser.score.ScoreConfig;
import ser.score.ScoreRow;
import ser.score.Scorer;

/**
 * Speech emotion recognition for a JVM application: build one, share it between threads, close it
 * when done.
 *
 * <pre>{@code
 * try (EmotionRecognizer ser = EmotionRecognizer.builder().model(Path.of("models/default")).build()) {
 *     Result result = ser.recognize(Path.of("call.wav"));
 *     if (result instanceof Result.Recognized r) {
 *         System.out.println(r.emotion() + " " + r.confidence());
 *     } else if (result instanceof Result.Failed f) {
 *         System.err.println(f.code() + ": " + f.message());
 *     }
 * }
 * }</pre>
 *
 * Any format FFmpeg decodes is read, resampled to 16 kHz mono, trimmed of silence and scored in
 * windows. No method throws for bad audio: the result says what was wrong.
 */
public final class EmotionRecognizer implements AutoCloseable {
    private final Scorer scorer;

    private EmotionRecognizer(Scorer scorer) {
        this.scorer = scorer;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The classes, in the order of {@link Result.Recognized#scores()}. */
    public List<String> labels() {
        return scorer.labels();
    }

    /** The model's id and the first 12 hex digits of its weights' SHA-256, as rows of {@code ser score} name it. */
    public String modelId() {
        return scorer.modelId();
    }

    /** Values in {@link Result.Recognized#embedding()}: the hidden units of the model's classifier, summed over an ensemble's members. */
    public int embeddingSize() {
        return scorer.embeddingSize();
    }

    public Result recognize(Path file) {
        return result(new Input.File(file.toAbsolutePath().normalize()), null);
    }

    /** Encoded audio held in memory (a WAV, an MP3, an Opus file...), named {@code name} in the result. */
    public Result recognize(String name, byte[] encoded) {
        return result(new Input.Member(name, () -> encoded), encoded);
    }

    /** Encoded audio read to its end (at most 512 MiB); the stream is not closed. */
    public Result recognize(String name, InputStream encoded) {
        byte[] bytes;
        try {
            bytes = encoded.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, Archives.MAX_MEMBER_BYTES + 1));
        } catch (IOException e) {
            return new Result.Failed(name, ErrorCode.UNREADABLE, "cannot read the stream: " + e.getMessage());
        }
        if (bytes.length > Archives.MAX_MEMBER_BYTES) {
            return new Result.Failed(name, ErrorCode.INVALID_INPUT, "larger than " + (Archives.MAX_MEMBER_BYTES >> 20) + " MiB");
        }
        return recognize(name, bytes);
    }

    /** Mono samples in [-1, 1] at {@code sampleRate} Hz (4 kHz to 768 kHz), resampled as files are. */
    public Result recognize(String name, float[] samples, int sampleRate) {
        if (sampleRate < AudioDecoder.MIN_SAMPLE_RATE || sampleRate > AudioDecoder.MAX_SAMPLE_RATE) {
            return new Result.Failed(name, ErrorCode.INVALID_INPUT, String.format(Locale.ROOT,
                    "sample rate %d Hz is outside %d–%d Hz", sampleRate, AudioDecoder.MIN_SAMPLE_RATE, AudioDecoder.MAX_SAMPLE_RATE));
        }
        if ((long) samples.length * Float.BYTES > Archives.MAX_MEMBER_BYTES) {
            return new Result.Failed(name, ErrorCode.INVALID_INPUT, "more than " + (Archives.MAX_MEMBER_BYTES >> 20) + " MiB of samples");
        }
        return recognize(name, WavEncoder.float32(samples, sampleRate));
    }

    private Result result(Input input, byte[] bytes) {
        Scorer.Scored scored;
        try {
            scored = scorer.scoreOrThrow(input, bytes);
        } catch (AudioDecodeException e) {
            return new Result.Failed(input.name(), code(e.problem()), e.reason());
        } catch (RuntimeException e) {
            return new Result.Failed(input.name(), ErrorCode.INTERNAL, e.toString());
        }
        ScoreRow row = scored.row();
        List<Segment> segments = row.regions().stream().map(r -> new Segment(r.startS(), r.endS(), r.emotion(), r.confidence())).toList();
        return new Result.Recognized(input.name(), row.durationS(), row.emotion(), row.confidence(), row.scores(), segments,
                ScoreRow.WINDOWS.equals(row.decision()) ? Result.Decision.WINDOWS : Result.Decision.REGION, scored.embedding());
    }

    private static ErrorCode code(AudioDecodeException.Problem problem) {
        return switch (problem) {
            case NOT_FOUND -> ErrorCode.NOT_FOUND;
            case UNREADABLE -> ErrorCode.UNREADABLE;
            case NOT_AUDIO -> ErrorCode.NOT_AUDIO;
            case NO_SPEECH -> ErrorCode.NO_SPEECH;
        };
    }

    /** Frees the model's native memory; the recognizer cannot be used afterwards. */
    @Override
    public void close() {
        scorer.close();
    }

    /** Settings of a recognizer; each has a default. */
    public static final class Builder {
        private Path model;
        private Device device = Device.AUTO;
        private int threads = Runtime.getRuntime().availableProcessors();
        private Double windowS = ScoreConfig.DEFAULT.windowS();
        private Double hopS = ScoreConfig.DEFAULT.hopS();

        private Builder() {
        }

        /**
         * A model directory written by {@code ser train} or {@code ser ensemble} (default: {@code models/default} under the
         * {@code ser.home} system property, else under {@code $SER_HOME}, else under the working directory: where the
         * {@code ser} launcher and a checkout keep the shipped model).
         */
        public Builder model(Path dir) {
            this.model = dir;
            return this;
        }

        public Builder device(Device device) {
            this.device = device;
            return this;
        }

        /** LibTorch's threads for the network, shared by the whole process (default: one per core). */
        public Builder threads(int threads) {
            this.threads = threads;
            return this;
        }

        /**
         * Window length and hop in seconds for speech longer than one window (default: the model's input length, 3 s for
         * the shipped model, and half of it).
         */
        public Builder window(double windowS, double hopS) {
            this.windowS = windowS;
            this.hopS = hopS;
            return this;
        }

        /** Loads the model; throws when it is missing or does not load, or a setting is out of range. */
        public EmotionRecognizer build() throws IOException {
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be at least 1, got " + threads);
            }
            Path dir = model != null ? model : defaultModel();
            LibTorch.load();
            LibTorch.setThreads(threads);
            ScoreConfig config = ScoreConfig.DEFAULT.withWindow(windowS, hopS).onDevice(device.name().toLowerCase(Locale.ROOT));
            return new EmotionRecognizer(new Scorer(dir, config));
        }

        private static Path defaultModel() throws IOException {
            String home = System.getProperty("ser.home", System.getenv("SER_HOME"));
            Path dir = Path.of(home != null ? home : ".").resolve("models").resolve("default");
            if (!Files.isDirectory(dir)) {
                throw new IOException("no model given and none at " + dir.toAbsolutePath()
                        + ": call model(dir), or set -Dser.home or SER_HOME to a ser checkout");
            }
            return dir;
        }
    }
}
