package ser.data;

/** Where a speaker's clips go in a speaker-independent split. */
public enum Part {
    TRAIN, DEV, TEST
}
