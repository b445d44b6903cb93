pragma circom 2.1.5;

include "bitify.circom";
include "../generated/domain.circom";

// GrantedRights(): granted = model AND license (bitwise over RIGHTS_BITS bits), and every bit of
// `required` is set in `granted`.
// Enforces: all three masks fit RIGHTS_BITS bits (Num2Bits), so no mask can alias a larger value.
template GrantedRights() {
    var N = RIGHTS_BITS();
    signal input modelRights;
    signal input licenseRights;
    signal input required;
    signal output granted;

    component m = Num2Bits(N);
    m.in <== modelRights; // @rejects 5: the model rights do not fit 16 bits
    component l = Num2Bits(N);
    l.in <== licenseRights; // @rejects 5: the license rights do not fit 16 bits
    component r = Num2Bits(N);
    r.in <== required; // @rejects 5: the required rights do not fit 16 bits

    signal g[N];
    var acc = 0;
    for (var i = 0; i < N; i++) {
        g[i] <== m.out[i] * l.out[i];
        // A required bit must be granted: r_i * (1 - g_i) = 0.
        // @rejects 5: a required right is not granted by both the model and the license
        r.out[i] * (1 - g[i]) === 0;
        acc += g[i] * (1 << i);
    }
    granted <== acc;
}
