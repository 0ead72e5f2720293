package ser.synth;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** A fixed string of syllables, the same whoever says it and however they feel. */
record Sentence(String code, List<Syllable> syllables) {
    /** The twelve CREMA-D sentence codes; each gets its own syllable string. */
    static final List<String> CODES = List.of("IEO", "TIE", "IOM", "IWW", "TAI", "MTI", "IWL", "ITH", "DFA", "ITS", "TSI", "WSI");

    /**
     * @param onset 0 none, 1 fricative, 2 plosive
     * @param vowel index into the vowel table
     */
    record Syllable(int onset, int vowel, boolean stressed, boolean wordEnd) {
    }

    static Sentence of(String code) {
        Random random = new Random(code.hashCode());
        int words = 4 + random.nextInt(4);
        List<Syllable> syllables = new ArrayList<>();
        for (int w = 0; w < words; w++) {
            int length = 1 + random.nextInt(3);
            int stress = random.nextInt(length);
            for (int s = 0; s < length; s++) {
                int onset = random.nextDouble() < 0.5 ? 0 : 1 + random.nextInt(2);
                syllables.add(new Syllable(onset, random.nextInt(10), s == stress && random.nextDouble() < 0.7,
                        s == length - 1));
            }
        }
        return new Sentence(code, List.copyOf(syllables));
    }
}
