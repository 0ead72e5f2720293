package ser.data;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The file-naming conventions of the known corpora: a name alone gives corpus, speaker and label. */
public enum CorpusNaming {
    /** {@code 1001_DFA_ANG_XX}: actor, sentence, emotion, intensity. */
    CREMA_D("crema-d", Pattern.compile("(\\d{4})_([A-Z]{3})_(ANG|DIS|FEA|HAP|NEU|SAD)_([A-Z]{2})"),
            Map.of("ANG", "angry", "DIS", "disgust", "FEA", "fear", "HAP", "happy", "NEU", "neutral", "SAD", "sad")) {
        @Override
        Clip clip(Path path, Matcher m) {
            return make(path, m.group(1), m.group(3));
        }
    },
    /** {@code 03-01-05-01-01-01-07}: modality, channel, emotion, intensity, statement, repetition, actor. */
    RAVDESS("ravdess", Pattern.compile("(\\d{2})-(01|02)-(0[1-8])-(0[12])-(0[12])-(0[12])-(\\d{2})"),
            Map.of("01", "neutral", "02", "calm", "03", "happy", "04", "sad", "05", "angry", "06", "fear",
                    "07", "disgust", "08", "surprise")) {
        @Override
        Clip clip(Path path, Matcher m) {
            return make(path, m.group(7), m.group(3));
        }
    },
    /** {@code YAF_back_angry}; the full set's one {@code OA_bite_neutral} is a typo for OAF. */
    TESS("tess", Pattern.compile("(YAF|OAF|OA)_([a-z]+)_(angry|disgust|fear|happy|neutral|ps|sad)", Pattern.CASE_INSENSITIVE),
            Map.of("angry", "angry", "disgust", "disgust", "fear", "fear", "happy", "happy", "neutral", "neutral",
                    "ps", "surprise", "sad", "sad")) {
        @Override
        Clip clip(Path path, Matcher m) {
            String speaker = m.group(1).toUpperCase(java.util.Locale.ROOT);
            return make(path, speaker.equals("OA") ? "OAF" : speaker, m.group(3).toLowerCase(java.util.Locale.ROOT));
        }
    },
    /** {@code 03a01Wa}: speaker, text, emotion letter (German), version. */
    EMO_DB("emo-db", Pattern.compile("(\\d{2})([a-z]\\d{2})([WLEAFTN])([a-z])"),
            Map.of("W", "angry", "L", "boredom", "E", "disgust", "A", "fear", "F", "happy", "T", "sad", "N", "neutral")) {
        @Override
        Clip clip(Path path, Matcher m) {
            return make(path, m.group(1), m.group(3));
        }
    },
    /** {@code EB0_anger_12}: speaker, emotion (English words), clip number. */
    NEMO("nemo", Pattern.compile("([A-Z]{2}\\d)_(anger|fear|happiness|neutral|sadness|surprised)_(\\d+)"),
            Map.of("anger", "angry", "fear", "fear", "happiness", "happy", "neutral", "neutral", "sadness", "sad",
                    "surprised", "surprise")) {
        @Override
        Clip clip(Path path, Matcher m) {
            return make(path, m.group(1), m.group(2));
        }
    },
    /**
     * {@code 01Neutral/n1-01-01-01-07}: emotion letter and take, sentence, repetition, gender, speaker. The
     * folder is the label (one sad file is named with a capital {@code S}); the letter serves outside it.
     */
    ASED("ased", Pattern.compile("([nfhsa])(\\d+)-(\\d{2})-(\\d{2})-(0[12])-(\\d{2})", Pattern.CASE_INSENSITIVE),
            Map.of("n", "neutral", "f", "fear", "h", "happy", "s", "sad", "a", "angry")) {
        private static final Map<String, String> FOLDERS = Map.of("01neutral", "n", "02fearful", "f", "03happy", "h",
                "04sad", "s", "05angry", "a");

        @Override
        Clip clip(Path path, Matcher m) {
            Path parent = path.getParent();
            String folder = parent == null ? "" : parent.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
            return make(path, m.group(6), FOLDERS.getOrDefault(folder, m.group(1).toLowerCase(java.util.Locale.ROOT)));
        }
    };

    private static final List<CorpusNaming> ALL = List.of(values());
    /** Between a corpus and the name of one of its subsets in a report's groups. */
    private static final String SUBSET = ":";

    private final String corpus;
    private final Pattern pattern;
    private final Map<String, String> labels;

    CorpusNaming(String corpus, Pattern pattern, Map<String, String> labels) {
        this.corpus = corpus;
        this.pattern = pattern;
        this.labels = labels;
    }

    public String corpus() {
        return corpus;
    }

    abstract Clip clip(Path path, Matcher m);

    Clip make(Path path, String speaker, String originalLabel) {
        return new Clip(path, corpus, corpus + ":" + speaker, labels.get(originalLabel), originalLabel);
    }

    private static final Pattern ASED_SHARED_SENTENCE = Pattern.compile("[nfhsa]\\d+-0[12]-.*", Pattern.CASE_INSENSITIVE);

    /**
     * The part of its corpus a clip belongs to when that part's figures say something the corpus's do
     * not: ASED's sentences 01–02, the only ones recorded in every emotion (in the others the words give
     * the emotion away).
     */
    public static Optional<String> revealingSubset(Clip clip) {
        if (clip.corpus().equals(ASED.corpus) && ASED_SHARED_SENTENCE.matcher(clip.path().getFileName().toString()).matches()) {
            return Optional.of(ASED.corpus + SUBSET + "sentences-01-02");
        }
        return Optional.empty();
    }

    /** Whether a group of clips a report names is a {@link #revealingSubset} rather than a whole corpus. */
    public static boolean isSubset(String group) {
        return group.contains(SUBSET);
    }

    /** The clip a file name describes, if it follows one of the known conventions. */
    public static Optional<Clip> recognise(Path path) {
        String name = path.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        for (CorpusNaming naming : ALL) {
            Matcher m = naming.pattern.matcher(stem);
            if (m.matches()) {
                return Optional.of(naming.clip(path, m));
            }
        }
        return Optional.empty();
    }
}
