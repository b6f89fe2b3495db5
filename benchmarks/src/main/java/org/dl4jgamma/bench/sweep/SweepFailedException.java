package org.dl4jgamma.bench.sweep;

/** A sweep could not go on: a trial threw, or the sweep was interrupted. Results recorded so far are kept. */
public final class SweepFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed
     * @param cause   the underlying error
     */
    public SweepFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
