package ser.model;

/** How region predictions become one utterance decision. */
public enum Decision {
    /** The region whose most likely class is most likely wins (the paper's rule). */
    MOST_CONFIDENT_REGION,
    /** Class probabilities averaged over the regions. */
    MEAN_OF_REGIONS,
    /** The multiple-instance pooled probability the training loss optimizes: regions weighted per class by the detector. */
    POOLED,
    /** Region 0, the whole utterance, alone. */
    WHOLE_UTTERANCE
}
