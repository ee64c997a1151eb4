package org.reveille.application.port;

/** "Queue a discovery" of a subnet, in the caller's transaction. */
public interface Discoveries {

    void queue(long subnetId);
}
