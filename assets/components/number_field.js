// Number fields alone (pages/instant_number.py): the Training lab's seed, which nothing on the
// page shows until Train, and the Convolution page's divisor of kernels larger than 3 × 3, whose
// output Python draws on let go. The fields themselves are number_fields.js, which comes before
// this.

export default function (component) {
  mountNumberFields(component, "number-field-alone");
}
