/* SPDX-License-Identifier: EUPL-1.2 */
/* style.h - the three type styles every layer names (metrics, layout, PDF). */
#ifndef LEDENBRIEF_BASE_STYLE_H
#define LEDENBRIEF_BASE_STYLE_H

typedef enum { LB_FONT_REGULAR, LB_FONT_BOLD, LB_FONT_ITALIC, LB_FONT_COUNT } lb_font_style;

#endif
