package ser.kernels;

/** Per-utterance normalization of a log-Mel matrix. */
public enum Normalization {
    /** Leave log energies as they are. */
    NONE,
    /** One mean and variance over the whole matrix: keeps the spectral shape (tilt is an emotion cue). */
    UTTERANCE,
    /** Mean and variance per Mel bin over time (CMVN): removes channel colouring and spectral shape. */
    PER_BIN
}
