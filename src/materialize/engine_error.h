// Engine errors as a user reads them: the engine's messages name the physical tables strata
// made (`strata__sales.sales__daily_sales__1a2b…`), which the user never wrote; these become the
// model names, and a table that does not exist gets a did-you-mean among the project's models.
#pragma once

#include "base/status.h"
#include "project/project.h"

namespace strata {

// `status` with every physical table name in its message replaced by its model's name, and,
// when the engine says a table does not exist, a hint naming the nearest model (or saying how
// to declare an external table). Other statuses are returned unchanged.
Status WithModelNames(const Status& status, const project::Project& project);

}  // namespace strata
