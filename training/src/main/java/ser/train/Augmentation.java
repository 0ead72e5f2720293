package ser.train;

import java.util.List;

/**
 * Training-time perturbations. Gain is not among them on purpose: every utterance is standardized
 * to unit variance before its features, so a gain change is undone by construction.
 *
 * @param noiseProbability chance that white noise is added to a clip
 * @param minSnrDb         lowest signal-to-noise ratio of that noise
 * @param maxSnrDb         highest
 * @param speedFactors     playback-rate factors drawn uniformly (1.0 = unchanged)
 * @param timeMasks        SpecAugment time masks per clip
 * @param maxTimeMask      longest time mask in frames
 * @param freqMasks        SpecAugment frequency masks per clip
 * @param maxFreqMask      widest frequency mask in Mel bins
 * @param channelProbability chance that a telephone line or a reverberant room is applied (after the noise;
 *                           {@link ChannelEffects}); absent from older configurations, where it reads 0
 * @param mixupAlpha       mixup (Zhang et al., 2018): each clip's log-Mel is mixed with another clip's of the batch
 *                         with a weight λ ~ Beta(α, α) folded onto [0.5, 1], and so are their labels; 0 is off
 *                         (and reads 0 in older configurations)
 */
public record Augmentation(double noiseProbability, double minSnrDb, double maxSnrDb, List<Double> speedFactors,
                           int timeMasks, int maxTimeMask, int freqMasks, int maxFreqMask, double channelProbability,
                           double mixupAlpha) {
    public static final Augmentation DEFAULT = new Augmentation(0.5, 5, 30, List.of(0.9, 1.0, 1.1), 2, 25, 2, 8, 0, 0);
    public static final Augmentation NONE = new Augmentation(0, 0, 0, List.of(1.0), 0, 0, 0, 0, 0, 0);

    public Augmentation {
        speedFactors = List.copyOf(speedFactors);
        if (mixupAlpha < 0) {
            throw new IllegalArgumentException("mixup alpha must be 0 (off) or positive, not " + mixupAlpha);
        }
    }
}
