import { Injectable } from '@nestjs/common';
import { Actor, ConflictError, ForbiddenError, NotFoundError } from '@app/common';
import { UnitOfWork } from '@app/jobs';
import { admits, Policy } from '../access/policy';
import { CreateRoleDto, ListRolesQueryDto, RoleResponse } from './dto/role.dto';
import { RoleRepository } from './role.repository';

/** The role catalogue (what a person does, as the plans count it). Everyone reads it; admins change it. */
/** The role of members of the public who register themselves (in the catalogue since the Roster migration). */
export const PUBLIC_LEARNER_ROLE = 'PUBLIC_LEARNER';

@Injectable()
export class RolesService {
  constructor(
    private readonly work: UnitOfWork,
    private readonly roles: RoleRepository,
  ) {}

  list(query: ListRolesQueryDto): Promise<RoleResponse[]> {
    return this.roles.list(query.includeRetired ?? false);
  }

  async get(id: string): Promise<RoleResponse> {
    const role = await this.roles.findById(id);
    if (!role) throw new NotFoundError(`role ${id} not found`);
    return role;
  }

  activeIdsByCode(codes: string[]): Promise<Map<string, string>> {
    return this.roles.activeByCodes(codes);
  }

  activeIds(ids: string[]): Promise<Set<string>> {
    return this.roles.activeIds(ids);
  }

  async create(actor: Actor, dto: CreateRoleDto): Promise<RoleResponse> {
    this.assertAdmin(actor);
    if (await this.roles.findByCode(dto.code)) {
      throw new ConflictError(`a role with code ${dto.code} already exists`, [
        { field: 'code', reason: 'already used' },
      ]);
    }
    const audit = (role: RoleResponse) => ({
      action: 'role.create',
      entity: 'role',
      entityId: role.id,
      details: { code: role.code },
    });
    return this.work.run(actor, { audit }, (tx) =>
      this.roles.insert(tx.manager, { ...dto, sortOrder: dto.sortOrder ?? 100 }),
    );
  }

  /** Retired roles stay on people's history but can no longer be given or imported. */
  async setRetired(actor: Actor, id: string, retired: boolean): Promise<RoleResponse> {
    this.assertAdmin(actor);
    const audit = { action: retired ? 'role.retire' : 'role.restore', entity: 'role', entityId: id };
    return this.work.run(actor, { audit }, async (tx) => {
      const role = await this.roles.setRetired(tx.manager, id, retired);
      if (!role) throw new NotFoundError(`role ${id} not found`);
      return role;
    });
  }

  private assertAdmin(actor: Actor): void {
    if (!admits(actor, Policy.RoleCatalogueManage)) {
      throw new ForbiddenError('only administrators change the role catalogue');
    }
  }
}
