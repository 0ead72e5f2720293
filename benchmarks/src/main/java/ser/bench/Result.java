package ser.bench;

/**
 * One line of the table: the same workload done by ser and by the reference tool, as a rate in
 * {@code unit} (higher is better). {@code reference} is null when the tool is not installed or
 * failed, and {@code note} says why.
 */
public record Result(String stage, String workload, String unit, Timing.Rate ours, String referenceTool,
                     Timing.Rate reference, String note) {

    /** ours / reference at the medians; above 1 means ser is faster. */
    public Double ratio() {
        return reference == null ? null : ours.median() / reference.median();
    }
}
