import { Rule } from '../types';
import { ephemeralStorageResources } from './ephemeralStorageResources';
import { missingCpuLimit } from './missingCpuLimit';
import { missingMemoryLimit } from './missingMemoryLimit';
import { missingResourceRequests } from './missingResourceRequests';
import { requestsEqualLimits } from './requestsEqualLimits';

/**
 * Requests come before the memory limit: Harden Manifest applies fixes in registry order, and the
 * limit's fix looks at the request.
 */
export const resourceRules: Rule[] = [missingResourceRequests, missingMemoryLimit, missingCpuLimit, requestsEqualLimits, ephemeralStorageResources];
