/* SPDX-License-Identifier: EUPL-1.2 */
/* fields_ref.c - prints the README's template reference from the field
 * table (src/docs/fields.h); tests/fields.sh compares it with the README. */
#include <stdio.h>
#include "docs/fields.h"

int main(void) {
  lb_fields_write_reference(stdout);
  return 0;
}
