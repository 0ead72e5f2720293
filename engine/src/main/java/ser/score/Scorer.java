package ser.score;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.bytedeco.pytorch.Device;
import ser.audio.AudioDecodeException;
import ser.audio.AudioDecoder;
import ser.audio.SpeechWindows;
import ser.model.ModelBundle;
import ser.model.ModelDescription;
import ser.model.ModelInput;
import ser.model.ModelKind;
import ser.model.Recognizer;
import ser.runtime.LibTorch;

/**
 * Scores audio with a network model: decode, trim silence, standardize, cut into windows, and
 * recognize the windows in batches; a file's scores are its window scores averaged by window
 * length. Built once from a model directory and safe to share between threads: each thread gets its
 * own feature buffers, the network is shared in evaluation mode. {@link ScorePipeline} runs the same
 * steps on separate threads for bulk work.
 */
public final class Scorer implements AutoCloseable {
    /** One window of a file on its way through the network. */
    record Window(FileScore file, int index, ModelInput input, double startS, double endS, double voicedShare) {
    }

    private final ModelDescription description;
    private final ModelBundle.LoadedModel model;
    private final ThreadLocal<Recognizer> recognizers;
    private final SpeechWindows windows;
    private final ScoreConfig config;
    private final String weightsSha256;

    /** {@code config}'s window and hop, where null, become the model's input length and half of it. */
    public Scorer(Path modelDir, ScoreConfig config) throws IOException {
        this.description = ModelBundle.describe(modelDir);
        if (description.kind() == ModelKind.SVM) {
            throw new IOException(modelDir + " holds the SVM baseline, which gives no scores or regions; score with a network model");
        }
        this.config = config.forModelInput(description.logMel().inputSeconds());
        this.model = ModelBundle.load(modelDir);
        this.weightsSha256 = ModelBundle.weightsSha256(modelDir);
        Device device = LibTorch.device(this.config.device());
        if (device.is_cuda()) {
            model.to(device);
        }
        this.recognizers = ThreadLocal.withInitial(() -> new Recognizer(model, device));
        int rate = AudioDecoder.SAMPLE_RATE;
        this.windows = new SpeechWindows(description.vad(), (int) Math.round(this.config.windowS() * rate),
                (int) Math.round(this.config.hopS() * rate), this.config.inMemorySamples());
    }

    /** The classes, in the order of the model's outputs. */
    public List<String> labels() {
        return description.labels();
    }

    /** Length of every embedding: the hidden units of the members' classifiers, added up. */
    public int embeddingSize() {
        return model.networks().stream().mapToInt(n -> n.config().headHidden()).sum();
    }

    /** The model's id and the start of its weights' hash: what every row names. */
    public String modelId() {
        return description.id() + "@" + weightsSha256.substring(0, 12);
    }

    /** The configuration as it runs, with the window and hop settled. */
    public ScoreConfig config() {
        return config;
    }

    /** What rows this scorer writes must share with the rows already in a results file. */
    public ResultsFile.Identity identity(ResultsFile.Format format) {
        return new ResultsFile.Identity(description.id(), weightsSha256, labels(), config.windowS(), config.hopS(),
                description.network().decision().name().toLowerCase(java.util.Locale.ROOT), description.network().temperature(),
                format);
    }

    /** Never throws for a bad file: the reason is the row's error. */
    public ScoreRow score(Path file) {
        return score(new Input.File(file), null);
    }

    /** Scores a file, or an archive member's bytes already read, in the calling thread; never throws for bad input. */
    public ScoreRow score(Input input, byte[] memberBytes) {
        try {
            return scoreOrThrow(input, memberBytes).row();
        } catch (AudioDecodeException | RuntimeException e) {
            return ScoreRow.failed(input.name(), modelId(), reason(e));
        }
    }

    /** Like {@link #score(Input, byte[])}, but bad input throws, the exception saying what kind of problem it is. */
    public Scored scoreOrThrow(Input input, byte[] memberBytes) throws AudioDecodeException {
        if (input instanceof Input.Failed failed) {
            throw new AudioDecodeException(failed.name(), failed.reason(), AudioDecodeException.Problem.UNREADABLE);
        }
        FileScore file = newFile(input.name());
        List<Window> pending = new ArrayList<>();
        file.end(cut(input, memberBytes, file, w -> {
            pending.add(w);
            if (pending.size() == config.batch()) {
                recognize(pending);
            }
        }));
        recognize(pending);
        return new Scored(file.row(), file.embedding());
    }

    /** A file's row and its embedding (see {@link Recognizer.Recognition#embedding}), averaged over windows as its scores are. */
    public record Scored(ScoreRow row, float[] embedding) {
    }

    /** A row's error for a failure: the decoder's own reason for bad input, anything else is ours. */
    static String reason(Throwable failure) {
        return failure instanceof AudioDecodeException bad ? bad.reason() : "internal error: " + failure;
    }

    FileScore newFile(String name) {
        return new FileScore(name, labels(), modelId());
    }

    /** Decodes and cuts one input, handing each window's features to {@code sink} as soon as they are computed. */
    SpeechWindows.Cut cut(Input input, byte[] memberBytes, FileScore file, Consumer<Window> sink) throws AudioDecodeException {
        Recognizer recognizer = recognizers.get();
        SpeechWindows.Source source = input instanceof Input.File f
                ? s -> AudioDecoder.stream(f.path(), s)
                : s -> AudioDecoder.stream(input.name(), memberBytes, s);
        double rate = AudioDecoder.SAMPLE_RATE;
        int[] index = {0};
        return windows.cut(input.name(), source, (speech, origin, voicedShare) -> {
            double start = origin / rate;
            double end = (origin + speech.length) / rate;
            sink.accept(new Window(file, index[0]++, recognizer.prepare(speech, start, end), start, end, voicedShare));
        });
    }

    /** Runs the windows through the network in one batch, gives each result to its file, and clears the list. */
    void recognize(List<Window> batch) {
        if (batch.isEmpty()) {
            return;
        }
        List<Recognizer.Recognition> results = recognizers.get().recognize(batch.stream().map(Window::input).toList());
        for (int i = 0; i < batch.size(); i++) {
            Window w = batch.get(i);
            w.file().add(w.index(), w.startS(), w.endS(), w.voicedShare(), results.get(i));
        }
        batch.clear();
    }

    /** Frees the network's native memory; the scorer cannot be used afterwards. A second call does nothing. */
    @Override
    public void close() {
        model.close();
    }
}
