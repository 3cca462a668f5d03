package io.dvstream.jobs.decisions;

/**
 * What {@link GestureDecider} remembers about one camera between windows (keyed state, serialized by
 * {@link DecisionStateSerializer}).
 *
 * @param stream the camera stream of the last window, -1 before the first
 * @param active class index of the gesture in progress, -1 when none
 * @param activeStartUs camera time the gesture in progress started
 * @param activeLastEndUs end of the last window in which the gesture held (probability at or above
 *     the off threshold)
 * @param activePeak highest probability the gesture in progress reached
 * @param offStreak consecutive windows the gesture in progress has been below the off threshold
 * @param candidate class on its way to a start (top class at or above the on threshold), -1 when none
 * @param candidateStreak consecutive windows the candidate has been there
 * @param candidateStartUs start of the candidate's first window
 */
public record DecisionState(long stream, int active, long activeStartUs, long activeLastEndUs, double activePeak,
                            int offStreak, int candidate, int candidateStreak, long candidateStartUs) {

    /** No window seen yet. */
    public static final DecisionState INITIAL = new DecisionState(-1, -1, 0, 0, 0, 0, -1, 0, 0);

    /** Nothing in progress on {@code stream}. */
    public static DecisionState idle(long stream) {
        return new DecisionState(stream, -1, 0, 0, 0, 0, -1, 0, 0);
    }

    public boolean hasActive() {
        return active >= 0;
    }
}
