/** Registers each capability's demo seeder, in dependency order (imported for its effects). */
export {}
import './cases.js'
import './assessments-plans.js'
import './meetings-diary-supports.js'
import './mediation.js'
import './measures.js'
import './puc.js'
import './groups.js'
