package ser.score;

/**
 * How {@code ser score} cuts recordings: speech longer than one window is scored window by window.
 *
 * @param windowS length of one window in seconds (the model's 3 s input by default)
 * @param hopS    step between window starts in seconds
 */
public record ScoreConfig(double windowS, double hopS) {
    public static final ScoreConfig DEFAULT = new ScoreConfig(3.0, 1.5);

    public ScoreConfig {
        if (!(windowS > 0 && hopS > 0 && hopS <= windowS)) {
            throw new IllegalArgumentException("need 0 < hop <= window, got window " + windowS + " s and hop " + hopS + " s");
        }
    }
}
