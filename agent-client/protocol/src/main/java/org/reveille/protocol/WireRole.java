package org.reveille.protocol;

/** The part an agent plays on its subnet. The wire value is the ordinal's fixed code below. */
public enum WireRole {
    /** An ordinary agent: wakes nobody unless promoted. */
    MEMBER(0),
    /** The subnet's proxy that the server sends wake batches to first. */
    PRIMARY(1),
    /** The fallback proxy when the Primary cannot be reached. */
    ALTERNATE(2);

    private final int code;

    WireRole(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** True for the two proxy roles that make an agent a guardian of its subnet. */
    public boolean isProxy() {
        return this != MEMBER;
    }

    static WireRole fromCode(int code) throws ProtocolException {
        for (WireRole role : values()) {
            if (role.code == code) {
                return role;
            }
        }
        throw new ProtocolException(ErrorCode.MALFORMED, "unknown agent role " + code);
    }
}
