package org.reveille.domain.model.subnet;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import org.reveille.net.Cidr;
import org.reveille.net.Ipv4Address;

/** One paired subnet of a {@link SubnetPolicy}, as stored: network and prefix length. */
@Embeddable
public class PairedNetwork {

    @Column(nullable = false)
    private long network;

    @Column(name = "prefix_length", nullable = false)
    private int prefixLength;

    protected PairedNetwork() {
    }

    PairedNetwork(Cidr cidr) {
        this.network = cidr.networkAddress().toLong();
        this.prefixLength = cidr.prefixLength();
    }

    public Cidr cidr() {
        return Cidr.of(Ipv4Address.fromLong(network), prefixLength);
    }
}
