import type { LucideIcon } from 'lucide-react';
import type { ButtonHTMLAttributes, ReactNode } from 'react';
import './button.css';

export interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: 'primary' | 'secondary' | 'ghost' | 'danger';
  size?: 'm' | 's';
  icon?: LucideIcon;
  children?: ReactNode;
}

/** The one button of the app; `type` defaults to "button" so nothing submits by accident. */
export function Button({ variant = 'secondary', size = 'm', icon: Icon, children, className, type = 'button', ...rest }: ButtonProps) {
  const classes = ['btn', `btn--${variant}`, `btn--${size}`, children === undefined ? 'btn--icon-only' : '', className ?? ''].filter(Boolean).join(' ');
  return (
    <button type={type} className={classes} {...rest}>
      {Icon !== undefined && <Icon className="btn__icon" size={size === 's' ? 14 : 16} strokeWidth={2} aria-hidden="true" />}
      {children}
    </button>
  );
}

export interface IconButtonProps extends Omit<ButtonProps, 'variant' | 'size' | 'icon' | 'children'> {
  icon: LucideIcon;
  /** What it does, for screen readers and as its tooltip, unless `title` says more. */
  label: string;
}

/** A small ghost button that shows only its icon: pane headers, rows, tabs and bars. */
export function IconButton({ icon, label, title = label, ...rest }: IconButtonProps) {
  return <Button variant="ghost" size="s" icon={icon} aria-label={label} title={title} {...rest} />;
}
