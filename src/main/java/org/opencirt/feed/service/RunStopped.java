package org.opencirt.feed.service;

/** Thrown inside a run that was asked to stop (the service is shutting down); the run is recorded as stopped. */
final class RunStopped extends RuntimeException {

    RunStopped() {
        super("the run was stopped", null, false, false);
    }
}
