package org.gapscope.evaluation;

/** A batch listener that asks the run to stop after a number of entries, as an interruption would. */
final class Interrupt implements BatchListener {

    private final int after;
    private int steps;

    private Interrupt(int after) {
        this.after = after;
    }

    /** Stops the run once {@code entries} entries are done. */
    static Interrupt after(int entries) {
        return new Interrupt(entries);
    }

    @Override
    public void step(boolean failed) {
        steps++;
    }

    @Override
    public boolean shouldStop() {
        return steps >= after;
    }
}
