/** Registers each capability's demo seeder, in dependency order (imported for its effects). */
export {}
