package io.sentimentstreams.stream;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The Page-Hinkley test for an increase in the mean of a stream (Page, "Continuous inspection schemes", Biometrika
 * 1954; in the form of Gama, Žliobaitė, Bifet, Pechenizkiy and Bouchachia, "A survey on concept drift adaptation",
 * ACM Computing Surveys 2014, §3.2), run here on the prequential error stream (1 for a wrong prediction, 0 for a
 * right one) to detect that the model has started to fail:
 *
 * <pre>
 *   x̄_T = (1/T) Σ_{t=1..T} x_t                    running mean of the observations
 *   m_T = Σ_{t=1..T} (x_t − x̄_T − δ)              cumulative deviation, δ = the change tolerated
 *   M_T = min_{t=1..T} m_t
 *   PH_T = m_T − M_T;   drift when PH_T &gt; λ     (and T ≥ the minimum number of observations)
 * </pre>
 *
 * <p>{@code m_T} is updated incrementally with the mean as of step T, as every published implementation does
 * (MOA's PageHinkleyDM, River's PageHinkley): {@code m_T = m_{T-1} + x_T − x̄_T − δ}. After a drift the test starts
 * afresh. Not thread-safe: one trainer feeds it.
 */
public final class PageHinkley {

    private final double delta;
    private final double lambda;
    private final long minObservations;

    private long count;
    private double mean;
    private double cumulative;
    private double minimum = Double.POSITIVE_INFINITY;
    private double signalled;

    /**
     * @param delta           δ, the increase of the mean that is tolerated (error rate points, such as 0.005)
     * @param lambda          λ, the alarm threshold of PH_T (such as 50)
     * @param minObservations observations before an alarm can be raised (such as 30)
     */
    public PageHinkley(final double delta, final double lambda, final long minObservations) {
        if (!(delta >= 0) || !(lambda > 0) || minObservations < 1) {
            throw new IllegalArgumentException("expected delta >= 0, lambda > 0 and minObservations >= 1, got "
                    + delta + ", " + lambda + ", " + minObservations);
        }
        this.delta = delta;
        this.lambda = lambda;
        this.minObservations = minObservations;
    }

    /** Adds x_T; returns true when it signals a drift (the test then starts afresh). */
    public boolean add(final double x) {
        count++;
        mean += (x - mean) / count;
        cumulative += x - mean - delta;
        minimum = Math.min(minimum, cumulative);
        if (count >= minObservations && statistic() > lambda) {
            signalled = statistic();
            reset();
            return true;
        }
        return false;
    }

    /** PH_T = m_T − M_T: how far the cumulative deviation has risen above its minimum; 0 before any observation. */
    public double statistic() {
        return count == 0 ? 0 : cumulative - minimum;
    }

    /** PH_T when the last drift was signalled; 0 before any. */
    public double signalledStatistic() {
        return signalled;
    }

    /** T, the observations since the start or the last drift. */
    public long count() {
        return count;
    }

    /** Writes the test's running state (not its parameters). */
    public void write(final DataOutput out) throws IOException {
        out.writeLong(count);
        out.writeDouble(mean);
        out.writeDouble(cumulative);
        out.writeDouble(minimum);
    }

    /** Continues from the running state {@link #write} wrote. */
    public void read(final DataInput in) throws IOException {
        count = in.readLong();
        mean = in.readDouble();
        cumulative = in.readDouble();
        minimum = in.readDouble();
    }

    /** Forgets every observation. */
    public void reset() {
        count = 0;
        mean = 0;
        cumulative = 0;
        minimum = Double.POSITIVE_INFINITY;
    }
}
