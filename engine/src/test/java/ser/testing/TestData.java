package ser.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;
import org.bytedeco.pytorch.global.torch;
import ser.audio.VadConfig;
import ser.data.LabelSet;
import ser.features.LogMelConfig;
import ser.model.Architecture;
import ser.model.ModelBundle;
import ser.model.ModelConfig;
import ser.model.ModelDescription;
import ser.model.ModelKind;
import ser.model.SerNet;
import ser.runtime.LibTorch;
import ser.synth.SynthConfig;
import ser.synth.SyntheticCorpus;

/** Where test inputs live: bundled resources, and the shared real clips when they are present. */
public final class TestData {
    private TestData() {
    }

    private static Path extracted;

    /**
     * A file under {@code src/test/resources}; when other modules read it from the engine's
     * test jar it is copied out first, keeping its file name (corpus readers parse names).
     */
    public static synchronized Path resource(String name) {
        URL url = TestData.class.getResource("/" + name);
        if (url == null) {
            throw new IllegalArgumentException("no test resource " + name);
        }
        try {
            if (url.getProtocol().equals("file")) {
                return Path.of(url.toURI());
            }
            if (extracted == null) {
                extracted = Files.createTempDirectory("ser-test-resources");
            }
            Path copy = extracted.resolve(name);
            if (Files.notExists(copy)) {
                Files.createDirectories(copy.getParent());
                try (InputStream in = url.openStream()) {
                    Files.copy(in, copy);
                }
            }
            return copy;
        } catch (URISyntaxException | IOException e) {
            throw new IllegalStateException("cannot read test resource " + name, e);
        }
    }

    /** A folder of {@code ../shared/data}; the calling test is skipped when it is absent. */
    public static Path shared(String sub) {
        Path root = Path.of(System.getProperty("ser.shared.data", "../../shared/data"));
        Path dir = root.resolve(sub);
        assumeTrue(Files.isDirectory(dir), "shared data not present: " + dir.toAbsolutePath());
        return dir;
    }

    /** A u8 WAV of a repeated one-second noise burst, written without holding it in memory. */
    public static void writeLongU8Wav(Path file, int rate, long seconds) throws IOException {
        long bytes = rate * seconds;
        byte[] second = new byte[rate];
        new Random(1).nextBytes(second);
        try (var out = Files.newOutputStream(file)) {
            out.write(wavHeader(rate, 1, 8, bytes));
            for (long s = 0; s < seconds; s++) {
                out.write(second);
            }
        }
    }

    /** A 44-byte header of a mono PCM WAV. */
    public static byte[] wavHeader(int rate, int bytesPerSample, int bits, long dataBytes) {
        ByteBuffer b = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt((int) (36 + dataBytes));
        b.put("WAVEfmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1).putShort((short) 1);
        b.putInt(rate).putInt(rate * bytesPerSample).putShort((short) bytesPerSample).putShort((short) bits);
        b.put("data".getBytes(StandardCharsets.US_ASCII)).putInt((int) dataBytes);
        return b.array();
    }

    /** An untrained RCNN-BLSTM saved as a model directory: real shapes and real outputs, no meaning. */
    public static void saveUntrainedModel(Path dir, String id, long seed) throws IOException {
        saveUntrainedModel(dir, id, seed, LogMelConfig.DEFAULT);
    }

    /** The same with the features of {@code logMel}, such as another input length. */
    public static void saveUntrainedModel(Path dir, String id, long seed, LogMelConfig logMel) throws IOException {
        LibTorch.load();
        torch.manual_seed(seed);
        var network = ModelConfig.defaults(Architecture.RCNN_BLSTM, 64, 6);
        ModelBundle.save(dir, new SerNet(network), new ModelDescription(id, ModelKind.RCNN_BLSTM, LabelSet.SIX.labels(), network,
                logMel, VadConfig.DEFAULT));
    }

    /** One synthetic clip played {@code times} times in a row: speech longer than one model window. */
    public static Path writeRepeatedSyntheticWav(Path file, int times) throws IOException {
        var config = new SynthConfig(1, 1, 4);
        float[] clip = SyntheticCorpus.render(config, SyntheticCorpus.plan(config).get(0));
        float[] longer = new float[clip.length * times];
        for (int k = 0; k < times; k++) {
            System.arraycopy(clip, 0, longer, k * clip.length, clip.length);
        }
        SyntheticCorpus.writeWav(longer, file);
        return file;
    }
}
