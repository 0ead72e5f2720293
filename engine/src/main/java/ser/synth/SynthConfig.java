package ser.synth;

/**
 * What {@code ser synth} generates.
 *
 * @param speakers         synthetic actors, alternately male and female
 * @param clipsPerEmotion  clips per speaker and emotion (sentence × intensity combinations, at most 48)
 * @param seed             everything generated follows from it
 */
public record SynthConfig(int speakers, int clipsPerEmotion, long seed) {
    static final int MAX_CLIPS_PER_EMOTION = Sentence.CODES.size() * 4;
    static final int MAX_SPEAKERS = 91;
    public static final SynthConfig DEFAULT = new SynthConfig(10, 12, 1);

    public SynthConfig {
        if (speakers < 1 || speakers > MAX_SPEAKERS) {
            throw new IllegalArgumentException("speakers must be 1.." + MAX_SPEAKERS + " (CREMA-D actor ids), got " + speakers);
        }
        if (clipsPerEmotion < 1 || clipsPerEmotion > MAX_CLIPS_PER_EMOTION) {
            throw new IllegalArgumentException("clips per emotion must be 1.." + MAX_CLIPS_PER_EMOTION + ", got " + clipsPerEmotion);
        }
    }
}
