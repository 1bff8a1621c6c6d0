#ifndef FAZHI_CLIBYAML_SHIM_H
#define FAZHI_CLIBYAML_SHIM_H
// The system libyaml (Debian: libyaml-dev). Never a vendored copy: two libyamls in one binary link
// without a warning and nobody knows which one runs.
#include <yaml.h>
#endif
