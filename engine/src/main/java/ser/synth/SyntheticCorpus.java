package ser.synth;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Random;
import ser.data.LabelSet;
import ser.audio.WavEncoder;
import ser.io.AtomicFiles;

/**
 * Writes a labelled corpus of synthetic emotional speech as 16 kHz 16-bit WAV files in CREMA-D
 * naming ({@code 1001_DFA_ANG_XX.wav}), so the CREMA-D reader and its published speaker split
 * apply: speaker ids are drawn from the published train, dev and test lists in the ratio 3:1:1.
 */
public final class SyntheticCorpus {
    private static final Map<String, String> CODES = Map.of(
            "angry", "ANG", "disgust", "DIS", "fear", "FEA", "happy", "HAP", "neutral", "NEU", "sad", "SAD");
    private static final List<String> INTENSITIES = List.of("XX", "LO", "MD", "HI");
    private static final Map<String, Double> INTENSITY_LEVEL = Map.of("XX", 0.8, "LO", 0.5, "MD", 0.75, "HI", 1.0);

    private SyntheticCorpus() {
    }

    /** One clip to generate. */
    public record Item(String fileName, int speakerIndex, String sentence, String emotion, String intensity) {
    }

    /** The clips {@code config} describes, in generation order. */
    public static List<Item> plan(SynthConfig config) {
        List<Integer> ids = speakerIds(config.speakers());
        List<Item> items = new ArrayList<>();
        for (int s = 0; s < config.speakers(); s++) {
            for (String emotion : LabelSet.SIX.labels()) {
                for (int j = 0; j < config.clipsPerEmotion(); j++) {
                    String sentence = Sentence.CODES.get(j % Sentence.CODES.size());
                    String intensity = INTENSITIES.get(j / Sentence.CODES.size());
                    String name = ids.get(s) + "_" + sentence + "_" + CODES.get(emotion) + "_" + intensity + ".wav";
                    items.add(new Item(name, s, sentence, emotion, intensity));
                }
            }
        }
        return items;
    }

    /** Renders one planned clip; the same config and item always give the same samples. */
    public static float[] render(SynthConfig config, Item item) {
        Speaker speaker = Speaker.draw(item.speakerIndex(), item.speakerIndex() % 2 == 1,
                new Random(config.seed() * 7919 + item.speakerIndex()));
        Random random = new Random(config.seed() * 1_000_003L + item.fileName().hashCode());
        EmotionProfile profile = EmotionProfile.BY_LABEL.get(item.emotion())
                .realise(INTENSITY_LEVEL.get(item.intensity()), random);
        return VoiceSynthesizer.render(speaker, Sentence.of(item.sentence()), profile, random);
    }

    /** Writes {@code samples} as 16-bit PCM WAV, atomically. */
    public static void writeWav(float[] samples, Path out) throws IOException {
        byte[] wav = WavEncoder.pcm16(samples, VoiceSynthesizer.SAMPLE_RATE);
        AtomicFiles.write(out, os -> os.write(wav));
    }

    /** Actor ids from the published CREMA-D lists: three train, one dev, one test, repeating. */
    static List<Integer> speakerIds(int count) {
        Deque<Integer> train = new ArrayDeque<>();
        Deque<Integer> dev = new ArrayDeque<>();
        Deque<Integer> test = new ArrayDeque<>();
        for (int id = 1001; id <= 1091; id++) {
            switch (ser.data.SpeakerSplit.publishedCremaDPart(id)) {
                case TRAIN -> train.add(id);
                case DEV -> dev.add(id);
                case TEST -> test.add(id);
            }
        }
        List<Integer> ids = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            Deque<Integer> preferred = k % 5 == 3 ? dev : k % 5 == 4 ? test : train;
            Deque<Integer> source = !preferred.isEmpty() ? preferred : !train.isEmpty() ? train : !dev.isEmpty() ? dev : test;
            ids.add(source.poll());
        }
        return ids;
    }
}
