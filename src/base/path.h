/* SPDX-License-Identifier: EUPL-1.2 */
/* path.h - buffer sizes for file names built with snprintf. A name that
 * does not fit is cut, and the call that uses it fails with a message
 * naming it; nothing is written under a shortened name by accident, since
 * every such path is checked (open, rename) before use. */
#ifndef LEDENBRIEF_BASE_PATH_H
#define LEDENBRIEF_BASE_PATH_H

#define LB_PATH_MAX 4096                /* a folder given by the operator */
#define LB_SUBPATH_MAX (LB_PATH_MAX + 256) /* a file inside it */
#define LB_SUBSUBPATH_MAX (2 * LB_PATH_MAX + 8) /* a file two levels down */
#define LB_MESSAGE_MAX (LB_SUBPATH_MAX + 256)  /* a message that names such a file */

#endif
