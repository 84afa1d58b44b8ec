package io.sentimentstreams.model;

/**
 * The objective of NB-weighted logistic regression (Wang and Manning 2012, with the logistic loss in place of the
 * SVM's hinge) over binarized bag-of-n-gram documents. With {@code x_i ∈ {0,1}^F} the n-grams of document i,
 * {@code r ∈ R^F} the log-count ratios, labels {@code y_i ∈ {0,1}}, parameters {@code θ = [w (F), b]}:
 * <pre>
 *   z_i = b + Σ_f x_if r_f w_f              p_i = σ(z_i)
 *   L(θ) = (1/N) Σ_i [log(1 + e^{z_i}) - y_i z_i] + (λ/2) ‖w‖²
 *   ∂L/∂w_f = (1/N) Σ_i (p_i - y_i) x_if r_f + λ w_f          ∂L/∂b = (1/N) Σ_i (p_i - y_i)
 * </pre>
 * The bias is not regularised. Documents are rows of a binary sparse matrix: the columns of row i are
 * {@code columns[offsets[i] .. offsets[i+1])}.
 */
final class NbLogisticLoss implements Lbfgs.Objective {

    private final int[] offsets;   // [N+1]
    private final int[] columns;   // [nnz]
    private final int[] labels;    // [N]
    private final double[] ratios; // r [F]
    private final double l2;       // λ

    NbLogisticLoss(final int[] offsets, final int[] columns, final int[] labels, final double[] ratios,
                   final double l2) {
        if (offsets.length != labels.length + 1 || offsets[labels.length] != columns.length) {
            throw new IllegalArgumentException("expected offsets [N+1] ending at the number of columns");
        }
        this.offsets = offsets;
        this.columns = columns;
        this.labels = labels;
        this.ratios = ratios;
        this.l2 = l2;
    }

    /** Number of parameters: F weights and the bias (last). */
    int size() {
        return ratios.length + 1;
    }

    @Override
    public double valueAndGradient(final double[] theta, final double[] gradient) {
        final int features = ratios.length;
        final int n = labels.length;
        final double bias = theta[features];
        double loss = 0;
        double dBias = 0;
        for (int f = 0; f < features; f++) {
            gradient[f] = l2 * theta[f];
            loss += 0.5 * l2 * theta[f] * theta[f];
        }
        double data = 0;
        for (int i = 0; i < n; i++) {
            double z = bias;
            for (int k = offsets[i]; k < offsets[i + 1]; k++) {
                final int f = columns[k];
                z += ratios[f] * theta[f];
            }
            data += softplus(z) - labels[i] * z;
            final double d = (sigmoid(z) - labels[i]) / n;   // ∂L/∂z_i
            dBias += d;
            for (int k = offsets[i]; k < offsets[i + 1]; k++) {
                final int f = columns[k];
                gradient[f] += d * ratios[f];
            }
        }
        gradient[features] = dBias;
        return loss + data / n;
    }

    /** {@code log(1 + e^z)} without overflow. */
    static double softplus(final double z) {
        return Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
    }

    static double sigmoid(final double z) {
        return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
    }
}
