package ser.train;

/** How an epoch draws its training clips. */
public enum Sampling {
    /** Every clip once, in a seeded shuffle; class weights in the loss balance the classes. */
    SHUFFLE,
    /**
     * As many draws as there are clips, with replacement, so that every class weighs the same and
     * within a class every corpus that has it weighs the same: a corpus that lacks a class (nEMO and
     * ASED have no disgust) does not tilt the others, and a large single-speaker corpus does not drown
     * the many-speaker ones. The loss is then unweighted.
     */
    CORPUS_BALANCED
}
