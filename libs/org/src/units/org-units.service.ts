import { Injectable } from '@nestjs/common';
import {
  Actor,
  ConflictError,
  escapeLike,
  ForbiddenError,
  NotFoundError,
  Permission,
  ValidationError,
} from '@app/common';
import { UnitOfWork } from '@app/jobs';
import { admits, permissionsOf, Policy, scopesFor } from '../access/policy';
import { CreateUnitDto, ListUnitsQueryDto, UnitPage, UnitResponse } from './dto/unit.dto';
import { CommuneMatch, OrgUnitRepository } from './org-unit.repository';
import { UnitType } from './unit-type';

/** Units and subtree checks. Every read is limited to the caller's scope subtrees (admin, organiser, agency). */
@Injectable()
export class OrgUnitsService {
  constructor(
    private readonly work: UnitOfWork,
    private readonly units: OrgUnitRepository,
  ) {}

  /** A unit the actor may see (inside one of their non-learner scopes); NotFoundError otherwise, so ids don't leak. */
  async getVisibleUnit(actor: Actor, unitId: string): Promise<UnitResponse> {
    const scope = await this.units.firstScopeHolding(scopesFor(actor, Policy.RosterRead), unitId);
    const unit = scope ? await this.units.findById(unitId) : null;
    if (!unit) throw new NotFoundError(`unit ${unitId} not found`);
    return unit;
  }

  /** True when the actor holds a grant the policy admits over a scope that contains `unitId`. */
  async canActOn(actor: Actor, unitId: string, policy: Policy): Promise<boolean> {
    return (await this.units.firstScopeHolding(scopesFor(actor, policy), unitId)) !== null;
  }

  /**
   * The strongest permission (in the policy's order: admin first) the actor holds over `unitId` under the policy,
   * or null: what a job started on the actor's behalf acts as.
   */
  async permissionOver(actor: Actor, unitId: string, policy: Policy): Promise<Permission | null> {
    for (const permission of permissionsOf(policy)) {
      const scopes = actor.grants.filter((g) => g.permission === permission).map((g) => g.scopeUnitId);
      if ((await this.units.firstScopeHolding(scopes, unitId)) !== null) return permission;
    }
    return null;
  }

  /**
   * Structural changes to a unit (rename, move, merge, split, close) belong to the level above it: an admin or
   * organiser whose scope lies strictly above the unit, or an admin of the country for the country unit itself.
   * An organiser of a commune manages what is inside the commune, not the commune.
   */
  async canRestructure(actor: Actor, unitId: string): Promise<boolean> {
    if ((await this.units.firstScopeAbove(scopesFor(actor, Policy.UnitRestructure), unitId)) !== null) return true;
    const adminOfIt = actor.grants.some((g) => g.permission === Permission.Admin && g.scopeUnitId === unitId);
    return adminOfIt && (await this.units.findById(unitId))?.parentId === null;
  }

  async list(actor: Actor, query: ListUnitsQueryDto): Promise<UnitPage> {
    if (query.parentId) await this.getVisibleUnit(actor, query.parentId);
    const scopes = scopesFor(actor, Policy.RosterRead);
    if (scopes.length === 0) return { items: [], total: 0, totalCapped: false };
    return this.units.listWithin(scopes, {
      parentId: query.parentId,
      q: query.q ? escapeLike(query.q) : undefined,
      limit: query.limit,
      offset: query.offset,
    });
  }

  async create(actor: Actor, dto: CreateUnitDto): Promise<UnitResponse> {
    if (!admits(actor, Policy.RosterWrite)) {
      throw new ForbiddenError('only administrators and organisers create units');
    }
    if (dto.type === UnitType.Country) throw new ValidationError('type: there is only one country unit');
    await this.getVisibleUnit(actor, dto.parentId);
    if (!(await this.canActOn(actor, dto.parentId, Policy.RosterWrite))) {
      throw new ForbiddenError('the parent unit is outside your scope');
    }
    if (await this.units.findByCode(dto.code)) throw unitCodeTaken('code', dto.code);
    const audit = ({ id, code, parentId }: UnitResponse) => ({
      action: 'unit.create',
      entity: 'org_unit',
      entityId: id,
      details: { code, parentId },
    });
    return this.work.run(actor, { audit }, (tx) => this.units.insert(tx.manager, dto));
  }

  /** For the first admin and the seeders: the root of every scope. */
  async getRoot(): Promise<UnitResponse> {
    const root = await this.units.findByCode('VN');
    if (!root) throw new NotFoundError('the country unit is missing: run the migrations');
    return root;
  }

  findByIds(ids: string[]): Promise<UnitResponse[]> {
    return this.units.findManyByIds(ids);
  }

  isWithin(ancestorId: string, descendantId: string): Promise<boolean> {
    return this.units.isWithin(ancestorId, descendantId);
  }

  /** For public registration: active communes whose code is `text` (ignoring case) or whose name is (ignoring marks). */
  findActiveCommunes(text: string, limit = 6): Promise<CommuneMatch[]> {
    return this.units.findActiveCommunes(text, limit);
  }
}

/**
 * Unit codes are unique in the whole country (the roster importer finds units by code), so a taken code cannot be
 * accepted. The answer is the same whether the holder lies inside the caller's scope or not, and names neither the
 * holder nor where it is: "not available", as for any taken name.
 */
export function unitCodeTaken(field: string, code: string): ConflictError {
  return new ConflictError(`code ${code} is not available: choose another code`, [{ field, reason: 'not available' }]);
}
